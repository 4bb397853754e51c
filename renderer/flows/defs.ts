/**
 * The guided flows on the start page (issue 6), one per guide: each a list of steps, each step
 * with its place in the guide ("B 4–6", "D 5–10") so the person on the phone and the helpdesk
 * read the same reference aloud. Step words are in the catalogues (flows.<flow>.<step>.*).
 *
 * Sources (../shared/seeds): 004 IIS 10 and 001 Exchange 2010 and 002 IIS 5/6 (Hongkong Post
 * e-Cert (Server), sections A–G; ARL only in 001 D 11–17; Root CA into Trusted Root in 002),
 * 000 eSignTrust Personal Secure Email (Registration 1–8, Download Certificate 1–13, Import
 * Certificate into Computer 1–8), 003 Certum S/MIME (section 2 "Certificate activation": key
 * generation method, CSR method, key pair on the card, e-mail, issued certificate, PFX generator).
 */
import type { FlowId, ServerTarget } from '../../shared/flow-state';

/** The existing wizards a step embeds (issue 2 enroll/complete/level, issue 3 PFX, issue 4 Install CA certificates). */
export type FlowWizard = 'enroll' | 'complete' | 'level' | 'installCa' | 'pfxExport' | 'pfxImport';

/** What a step shows besides its text. */
export type StepKind =
  | { kind: 'target' }
  | { kind: 'renewal' }
  | { kind: 'wizard'; wizard: FlowWizard; profileId?: string }
  | { kind: 'submit' }
  | { kind: 'dcv' }
  | { kind: 'registration' }
  | { kind: 'keyMethod' }
  | { kind: 'backup' }
  | { kind: 'info'; open?: 'certs' };

/** A place in a guide: a section letter/number, or a named section (`flows.section.<name>`), and steps. */
export interface GuideRef {
  section: string;
  steps?: string;
}

export type FlowStep = StepKind & {
  id: string;
  ref?: GuideRef;
  /** Shown only for these HK Post targets (e.g. the ARL is Exchange 2010's guide only). */
  targets?: ServerTarget[];
  /** Shown only for this Certum key method. */
  keyMethod?: 'csr' | 'card';
};

export interface FlowDef {
  id: FlowId;
  /** Guide file number in ../shared/seeds (000..004); none for Generic. */
  guide?: string;
  /** The CA's own page, opened in the default browser (allow-listed hosts only, electron/main/security.ts). */
  caUrl?: string;
  steps: FlowStep[];
}

export const FLOWS: FlowDef[] = [
  {
    id: 'hkpost-server',
    guide: '004',
    caUrl: 'https://www.ecert.gov.hk/',
    steps: [
      { id: 'target', kind: 'target', ref: { section: 'A' } },
      { id: 'b-csr', kind: 'wizard', wizard: 'enroll', profileId: 'hkpost-server', ref: { section: 'B', steps: '1–6' } },
      { id: 'c-submit', kind: 'submit', ref: { section: 'C', steps: '1–3' } },
      { id: 'c-dcv', kind: 'dcv', ref: { section: 'C', steps: '4' } },
      { id: 'd-subca', kind: 'wizard', wizard: 'installCa', ref: { section: 'D', steps: '1–10' } },
      { id: 'd-arl', kind: 'wizard', wizard: 'installCa', ref: { section: 'D', steps: '11–17' }, targets: ['exchange2010'] },
      { id: 'e-install', kind: 'wizard', wizard: 'complete', ref: { section: 'E', steps: '1–3' } },
      { id: 'f-backup', kind: 'backup', ref: { section: 'F', steps: '5–12' } },
      { id: 'g-restore', kind: 'wizard', wizard: 'pfxImport', ref: { section: 'G', steps: '1–5' } },
    ],
  },
  {
    id: 'esigntrust-email',
    guide: '000',
    caUrl: 'https://securemail.corp.esigntrust.com/enG03/digitalidCenter.htm',
    steps: [
      { id: 'registration', kind: 'registration', ref: { section: 'registration', steps: '1–3' } },
      { id: 'key-level', kind: 'wizard', wizard: 'enroll', profileId: 'generic-email', ref: { section: 'registration', steps: '4–6' } },
      { id: 'personal', kind: 'wizard', wizard: 'complete', ref: { section: 'registration', steps: '7–8' } },
      { id: 'download', kind: 'backup', ref: { section: 'download', steps: '5–13' } },
      { id: 'import', kind: 'wizard', wizard: 'pfxImport', ref: { section: 'import', steps: '1–4' } },
      { id: 'level-again', kind: 'wizard', wizard: 'level', ref: { section: 'import', steps: '5–8' } },
    ],
  },
  {
    id: 'certum-smime',
    guide: '003',
    // The Certum Store account that holds the "Data Security Products" panel (guide 003 section 2).
    caUrl: 'https://shop.certum.eu/',
    steps: [
      { id: 'key-method', kind: 'keyMethod', ref: { section: 'certumKeys' } },
      { id: 'csr', kind: 'wizard', wizard: 'enroll', profileId: 'generic-email', ref: { section: 'certumCsr' }, keyMethod: 'csr' },
      { id: 'card', kind: 'wizard', wizard: 'enroll', profileId: 'generic-email', ref: { section: 'certumCard', steps: '1–9' }, keyMethod: 'card' },
      { id: 'email', kind: 'info', ref: { section: 'certumEmail' } },
      { id: 'issued', kind: 'wizard', wizard: 'complete', ref: { section: 'certumIssued' } },
      { id: 'subca', kind: 'wizard', wizard: 'installCa', ref: { section: 'certumIssued' } },
      { id: 'pfx', kind: 'backup', ref: { section: 'certumPfx' }, keyMethod: 'csr' },
    ],
  },
  {
    id: 'generic',
    steps: [
      { id: 'enroll', kind: 'wizard', wizard: 'enroll' },
      { id: 'complete', kind: 'wizard', wizard: 'complete' },
      { id: 'install-ca', kind: 'wizard', wizard: 'installCa' },
      { id: 'backup', kind: 'backup' },
      { id: 'restore', kind: 'wizard', wizard: 'pfxImport' },
    ],
  },
];

export function getFlow(id: FlowId): FlowDef {
  return FLOWS.find((f) => f.id === id) ?? FLOWS[FLOWS.length - 1];
}

/** The steps that apply to this user's choices (HK Post target, Certum key method). */
export function visibleSteps(flow: FlowDef, choice: { target?: ServerTarget; keyMethod?: 'csr' | 'card' }): FlowStep[] {
  return flow.steps.filter(
    (s) => (!s.targets || (choice.target !== undefined && s.targets.includes(choice.target))) && (!s.keyMethod || s.keyMethod === (choice.keyMethod ?? 'csr')),
  );
}

/** "B 4–6", "Registration 4–6": the reference read aloud; `section` is translated when it is a name. */
export function refText(ref: GuideRef | undefined, t: (key: string) => string): string {
  if (!ref) return '';
  const section = /^[A-Z0-9]$/.test(ref.section) ? ref.section : t(`flows.section.${ref.section}`);
  return ref.steps ? `${section} ${ref.steps}` : section;
}
