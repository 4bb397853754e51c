/** The start page: "What do you want to do?", the four tasks the product owner named. */
import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n';
import { useApp, type View } from './context';
import type { CatalogueKey } from '../../shared/i18n';
import { FlowList } from '../flows/FlowList';

/** `label`: a catalogue key other than home.<key> (issue 4's entries keep their keys under stores.). */
const TASKS: { key: string; view: View; label?: CatalogueKey; desc?: CatalogueKey }[] = [
  { key: 'enroll', view: { name: 'enroll' } },
  { key: 'complete', view: { name: 'complete' } },
  { key: 'level', view: { name: 'level' } },
  { key: 'certs', view: { name: 'certs' } },
  { key: 'pfxExport', view: { name: 'pfxExport' }, label: 'pfx.home.export', desc: 'pfx.home.export.desc' },
  { key: 'pfxImport', view: { name: 'pfxImport' }, label: 'pfx.home.import', desc: 'pfx.home.import.desc' },
  { key: 'installCa', view: { name: 'installCa' }, label: 'stores.home.installCa', desc: 'stores.home.installCa.desc' },
  { key: 'stores', view: { name: 'stores' }, label: 'stores.home.page', desc: 'stores.home.page.desc' },
];

export function Home() {
  const { t } = useI18n();
  const { go } = useApp();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
    // For `npm run bench` (time to the first interactive screen): the task buttons are live now.
    if (performance.getEntriesByName('certwiz:interactive').length === 0) performance.mark('certwiz:interactive');
  }, []);
  return (
    <section className="home" aria-labelledby="home-h">
      <h2 id="home-h" ref={ref} tabIndex={-1}>
        {t('home.title')}
      </h2>
      <FlowList />
      <h3 className="tasks-h">{t('flows.tasksHeading')}</h3>
      <ul className="tasks">
        {TASKS.map((task) => (
          <li key={task.key}>
            <button type="button" className="task" onClick={() => go(task.view)} aria-describedby={`task-${task.key}`}>
              <span className="task-name">{t(task.label ?? (`home.${task.key}` as CatalogueKey))}</span>
            </button>
            <p className="hint" id={`task-${task.key}`}>
              {t(task.desc ?? (`home.${task.key}.desc` as CatalogueKey))}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
