/**
 * Subject and names: one field per profile field, in the profile's order, with the guides' labels.
 * Problems show as the user types (after the first edit of a field, or all after Next); a Chinese
 * domain name shows both forms, as guide 004 B 4 asks (www.我的服务器.com = www.xn--….com).
 */
import { useI18n } from '../i18n';
import { TextArea, TextField } from '../wizard/fields';
import { domainToAscii } from '../../shared/idn';
import type { CaProfile, FieldIssue } from '../../shared/subject';
import type { CatalogueKey } from '../../shared/i18n';
import { sanLines, type FieldId } from './form';

function IdnForms({ names, profile }: { names: string[]; profile: CaProfile }) {
  const { t } = useI18n();
  const shown = names
    .map((n) => ({ n, r: domainToAscii(n, { allowWildcard: profile.allowWildcard, allowIdn: profile.allowIdn }) }))
    .filter((x) => x.r.ok && x.r.idn);
  if (shown.length === 0) return null;
  return (
    <div className="idn">
      {shown.map(({ n, r }) =>
        r.ok ? (
          <div key={n}>
            <span>{t('idn.shownAs', { unicode: r.unicode })}</span>
            <br />
            <span>{t('idn.encodedAs', { ascii: r.ascii })}</span>
          </div>
        ) : null,
      )}
    </div>
  );
}

export function SubjectPage(props: {
  profile: CaProfile;
  values: Record<FieldId, string>;
  onChange(id: FieldId, v: string): void;
  issues: Map<string, FieldIssue[]>;
  touched: Set<string>;
  onTouch(id: FieldId): void;
  showAll: boolean;
}) {
  const { t, issue } = useI18n();
  const { profile } = props;
  const problems = (id: FieldId) =>
    props.showAll || props.touched.has(id) ? props.issues.get(id)?.map((i) => issue(i)) : undefined;

  return (
    <>
      <p>{t('enroll.subject.hint')}</p>
      {profile.fields.map((f) => {
        const label = t(`field.${f.id}` as CatalogueKey);
        if (f.id === 'sans') {
          return (
            <div key={f.id}>
              <TextArea
                label={label}
                hint={t('field.sans.hint')}
                value={props.values.sans}
                rows={3}
                onChange={(v) => {
                  props.onChange('sans', v);
                  props.onTouch('sans');
                }}
                problems={problems('sans')}
              />
              <IdnForms names={sanLines(props.values.sans)} profile={profile} />
            </div>
          );
        }
        const hintKey = (
          f.id === 'cn' ? (profile.kind === 'email' ? 'field.cn.hint.email' : 'field.cn.hint.server') : `field.${f.id}.hint`
        ) as CatalogueKey;
        return (
          <div key={f.id}>
            <TextField
              label={label}
              required={f.required}
              readOnly={f.fixed !== undefined}
              hint={f.fixed !== undefined ? t('field.c.fixed') : t(hintKey)}
              value={props.values[f.id]}
              type={f.id === 'email' ? 'email' : 'text'}
              autoComplete={f.id === 'email' ? 'email' : 'off'}
              onChange={(v) => {
                props.onChange(f.id, v);
                props.onTouch(f.id);
              }}
              problems={problems(f.id)}
            />
            {f.id === 'cn' && profile.kind === 'server' && <IdnForms names={[props.values.cn]} profile={profile} />}
          </div>
        );
      })}
    </>
  );
}
