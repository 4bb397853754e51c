/**
 * Key type / bit length and the security level, chosen when the key is made (guide 000 steps 4-5).
 *
 * High is the default and recommended: a password, confirmed, asked on every use. Medium shows the
 * guide's own warning, and says honestly how Medium is protected here (app:info
 * mediumProtection: the OS keyring, or the labelled fallback file).
 *
 * First the key's place (issue 5): in Certwiz, or on a smart card (TokenKeyPanel.tsx). A card
 * offers only the key types its mechanism list allows, and has no security level: its PIN
 * protects the key.
 */
import { useI18n } from '../i18n';
import { RadioGroup } from '../wizard/fields';
import { PasswordPair } from '../wizard/PasswordPair';
import { useApp } from '../app/context';
import type { CaProfile, FieldIssue } from '../../shared/subject';
import type { KeyAlgorithm, SecurityLevel } from '../../shared/ipc';
import type { CatalogueKey } from '../../shared/i18n';
import type { KeyLocationKind, TokenInfo } from '../../shared/token';
import { TokenKeyPanel } from './TokenKeyPanel';

/** Key types for this profile that the chosen card can make (all the profile's when in Certwiz). */
export function allowedKeyAlgorithms(profile: CaProfile, where: KeyLocationKind, card: TokenInfo | null): KeyAlgorithm[] {
  if (where !== 'token') return profile.keyAlgorithms;
  return card ? profile.keyAlgorithms.filter((k) => card.keyGenMechanisms.includes(k)) : profile.keyAlgorithms;
}

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
  /** Issue 5: where the key is made; absent = always in Certwiz. */
  where?: KeyLocationKind;
  onWhere?(w: KeyLocationKind): void;
  card?: TokenInfo | null;
  onCard?(c: TokenInfo | null): void;
  pin?: string;
  onPin?(v: string): void;
}) {
  const { t, issue } = useI18n();
  const { info } = useApp();
  const protection = info?.mediumProtection ?? 'fallback-file';
  const where = props.where ?? 'app';
  const card = props.card ?? null;
  const algs = allowedKeyAlgorithms(props.profile, where, card);
  return (
    <>
      {props.onWhere && (
        <RadioGroup<KeyLocationKind>
          legend={t('token.where.legend')}
          name="keyLocation"
          value={where}
          onChange={props.onWhere}
          choices={[
            { value: 'app', label: t('token.where.app'), description: t('token.where.app.desc') },
            { value: 'token', label: t('token.where.token'), description: t('token.where.token.desc') },
          ]}
        />
      )}
      {where === 'token' && props.onCard && props.onPin && (
        <TokenKeyPanel card={card} onCard={props.onCard} pin={props.pin ?? ''} onPin={props.onPin} showProblems={props.showProblems} />
      )}
      {where === 'token' && card && algs.length === 0 && (
        <p className="alert error" role="alert">
          {t('token.keygen.noTypes')}
        </p>
      )}
      <RadioGroup<KeyAlgorithm>
        legend={t('field.keyAlgorithm')}
        name="keyAlgorithm"
        value={props.keyAlgorithm}
        onChange={props.onKeyAlgorithm}
        choices={algs.map((k) => ({
          value: k,
          label: t(`key.${k}` as CatalogueKey),
          description: k === 'rsa-2048' ? t('key.rsa2048.note') : undefined,
        }))}
        problems={props.keyIssues?.map((i) => issue(i))}
      />
      {where === 'token' ? (
        <p className="alert info">{t('token.level.none')}</p>
      ) : (
        <>
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
      )}
    </>
  );
}
