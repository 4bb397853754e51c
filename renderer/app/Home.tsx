/** The start page: "What do you want to do?", the four tasks the product owner named. */
import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n';
import { useApp, type View } from './context';
import type { CatalogueKey } from '../../shared/i18n';
import { FlowList } from '../flows/FlowList';

const TASKS: { key: 'enroll' | 'complete' | 'level' | 'certs'; view: View }[] = [
  { key: 'enroll', view: { name: 'enroll' } },
  { key: 'complete', view: { name: 'complete' } },
  { key: 'level', view: { name: 'level' } },
  { key: 'certs', view: { name: 'certs' } },
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
              <span className="task-name">{t(`home.${task.key}` as CatalogueKey)}</span>
            </button>
            <p className="hint" id={`task-${task.key}`}>
              {t(`home.${task.key}.desc` as CatalogueKey)}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
