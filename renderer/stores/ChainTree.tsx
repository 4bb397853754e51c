/**
 * A certification path as Windows' "Certification Path" tab draws it (issue 4 "Chain view"): the
 * root at the top, each certificate under its issuer, with its validity, its revocation status
 * (checked against the CRLs the store holds or the files given) and where it was found; under
 * the tree, plain sentences for what is missing, in the guides' words. Nested lists, not an ARIA
 * tree: nothing to operate, so screen readers read it as text and Tab skips it. Exported for the
 * certificate viewer (issue 6) to show in its own tab.
 */
import type { ReactElement } from 'react';
import { useI18n } from '../i18n';
import type { ChainLinkView, ChainPathView, ChainProblemView } from '../../shared/stores';
import { commonName, LOCATION_KEYS } from './text';
import './stores.css';

function LinkFacts({ link }: { link: ChainLinkView }) {
  const { t, date } = useI18n();
  const where =
    link.source.kind === 'target'
      ? t('chain.source.target')
      : link.source.kind === 'store'
        ? t('chain.source.store', { store: t(LOCATION_KEYS[link.source.location]) })
        : link.source.fileName
          ? t('chain.source.file', { file: link.source.fileName })
          : t('chain.source.saved');
  const validity =
    link.validity === 'valid'
      ? t('chain.valid', { date: date(link.notAfter) })
      : link.validity === 'expired'
        ? t('chain.expired', { date: date(link.notAfter) })
        : t('chain.notYetValid');
  const revocation: Record<ChainLinkView['revocation'], string> = {
    good: t('chain.rev.good'),
    revoked: link.revokedAt ? t('chain.rev.revokedOn', { date: date(link.revokedAt) }) : t('chain.rev.revoked'),
    'no-crl': t('chain.rev.noCrl'),
    'crl-expired': t('chain.rev.crlExpired'),
    'not-applicable': '',
  };
  // An inline list; the separator is CSS, per language (stores.css).
  return (
    <ul className="facts">
      <li className={link.validity === 'valid' ? 'good' : 'bad'}>{validity}</li>
      {revocation[link.revocation] && (
        <li className={link.revocation === 'revoked' ? 'bad' : link.revocation === 'good' ? 'good' : undefined}>{revocation[link.revocation]}</li>
      )}
      <li>{where}</li>
    </ul>
  );
}

/** The links from the top (root or the last issuer found) down to the certificate. */
function Tree({ links }: { links: ChainLinkView[] }) {
  const top = [...links].reverse();
  const render = (i: number): ReactElement => (
    <li>
      <span className="link-name" title={top[i].subject}>
        {commonName(top[i].subject)}
      </span>
      <LinkFacts link={top[i]} />
      {i + 1 < top.length && <ul>{render(i + 1)}</ul>}
    </li>
  );
  return <ul className="chain-tree">{render(0)}</ul>;
}

export function problemText(t: ReturnType<typeof useI18n>['t'], p: ChainProblemView, path: ChainPathView): string {
  const name = p.subject;
  switch (p.kind) {
    case 'not-installed': {
      const idx = path.links.findIndex((l) => l.source.kind === 'file' && commonName(l.subject) === name);
      const isRoot = path.complete && idx === path.links.length - 1;
      if (!p.fileName) return t(isRoot ? 'chain.problem.rootSaved' : 'chain.problem.notInstalledSaved', { name });
      return t(isRoot ? 'chain.problem.rootInFile' : 'chain.problem.notInstalled', { name, file: p.fileName });
    }
    case 'missing-issuer':
      return t('chain.problem.missingIssuer', { name, issued: commonName(path.links[path.links.length - 1].subject) });
    case 'expired':
      return t('chain.problem.expired', { name, date: p.date ?? '' });
    case 'not-yet-valid':
      return t('chain.problem.notYetValid', { name, date: p.date ?? '' });
    case 'revoked':
      return t('chain.problem.revoked', { name });
    case 'root-not-trusted':
      return t('chain.problem.rootNotTrusted', { name });
    case 'crl-expired':
      return t('chain.problem.crlExpired', { name });
  }
}

export function ChainPathBox({ path, index, count }: { path: ChainPathView; index: number; count: number }) {
  const { t } = useI18n();
  const headingId = `chain-path-${index}`;
  const state = path.trusted ? t('chain.state.trusted') : path.complete ? t('chain.state.untrusted') : t('chain.state.incomplete');
  return (
    <section className="chain-path" aria-labelledby={headingId}>
      <h3 id={headingId}>{count > 1 ? t('chain.pathN', { n: index + 1, state }) : state}</h3>
      <Tree links={path.links} />
      {path.problems.length > 0 ? (
        <ul className="problems">
          {path.problems.map((p, i) => (
            <li key={i}>{problemText(t, p, path)}</li>
          ))}
        </ul>
      ) : (
        <p>{t('chain.ok')}</p>
      )}
    </section>
  );
}
