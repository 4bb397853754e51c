/**
 * Key type / bit length and the security level, chosen when the key is made (guide 000 steps 4-5).
 *
 * High is the default and recommended: a password, confirmed, asked on every use. Medium shows the
 * guide's own warning, and says honestly how Medium is protected here (app:info
 * mediumProtection: the OS keyring, or the labelled fallback file).
 */
import { useI18n } from '../i18n';
import { RadioGroup } from '../wizard/fields';
import { PasswordPair } from '../wizard/PasswordPair';
import { useApp } from '../app/context';
import type { CaProfile, FieldIssue } from '../../shared/subject';
import type { KeyAlgorithm, SecurityLevel } from '../../shared/ipc';
import type { CatalogueKey } from '../../shared/i18n';

export function KeyPage(props: {
  profile: CaProfile;
  keyAlgorithm: KeyAlgorithm;
  onKeyAlgorithm(k: KeyAlgorithm): void;
  level: SecurityLevel;
  onLevel(l: SecurityLevel): void;
  password: string;
  confirm: string;
  onPassword(v: string): void;
  onConfirm(v: string): void;
  showProblems: boolean;
  keyIssues?: FieldIssue[];
}) {
  const { t, issue } = useI18n();
  const { info } = useApp();
  const protection = info?.mediumProtection ?? 'fallback-file';
  return (
    <>
      <RadioGroup<KeyAlgorithm>
        legend={t('field.keyAlgorithm')}
        name="keyAlgorithm"
        value={props.keyAlgorithm}
        onChange={props.onKeyAlgorithm}
        choices={props.profile.keyAlgorithms.map((k) => ({
          value: k,
          label: t(`key.${k}` as CatalogueKey),
          description: k === 'rsa-2048' ? t('key.rsa2048.note') : undefined,
        }))}
        problems={props.keyIssues?.map((i) => issue(i))}
      />
      <RadioGroup<SecurityLevel>
        legend={t('enroll.key.levelLegend')}
        name="securityLevel"
        value={props.level}
        onChange={props.onLevel}
        choices={[
          { value: 'high', label: t('level.high.label') },
          { value: 'medium', label: t('level.medium.label') },
        ]}
      />
      {props.level === 'high' ? (
        <PasswordPair
          password={props.password}
          confirm={props.confirm}
          onPassword={props.onPassword}
          onConfirm={props.onConfirm}
          labels={{ password: t('field.password'), confirm: t('field.confirm') }}
          hint={t('level.password.hint')}
          showProblems={props.showProblems}
        />
      ) : (
        <div className="alert warning">
          <p>{t('level.medium.warning')}</p>
          <p>{t(`level.protection.${protection}` as CatalogueKey, { dataDir: info?.dataDir ?? '' })}</p>
        </div>
      )}
    </>
  );
}
