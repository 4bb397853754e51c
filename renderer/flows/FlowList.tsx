/**
 * The guided flows on the start page (issue 6 "one per guide"), with a "Continue at C 4" button
 * beside the flow's own when it was left part-way (flow:list) so a user who closed the app mid-way finds their place.
 */
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n';
import { useApp } from '../app/context';
import { call } from '../bridge';
import { FLOWS, getFlow, refText } from './defs';
import type { SavedFlow } from '../../shared/flow-state';
import type { CatalogueKey } from '../../shared/i18n';
import './flows.css';

export function FlowList() {
  const { t } = useI18n();
  const { go } = useApp();
  const [saved, setSaved] = useState<SavedFlow[]>([]);
  const tk = (k: string) => t(k as CatalogueKey);
  useEffect(() => {
    call('flow:list', {})
      .then(setSaved)
      .catch(() => setSaved([]));
  }, []);
  return (
    <section className="flows" aria-labelledby="flows-h">
      <h3 id="flows-h">{t('flows.heading')}</h3>
      <ul className="tasks">
        {FLOWS.map((f) => {
          const s = saved.find((x) => x.flowId === f.id);
          const step = s ? getFlow(f.id).steps.find((x) => x.id === s.state.step) : undefined;
          const where = step ? refText(step.ref, tk) || tk(`flows.${f.id}.${step.id}.title`) : '';
          const open = () => go({ name: 'flow', flowId: f.id });
          return (
            <li key={f.id}>
              <div className="flow-actions">
                <button type="button" className="task" onClick={open} aria-describedby={`flow-${f.id}`}>
                  <span className="task-name" id={`flow-${f.id}-name`}>
                    {tk(`flows.${f.id}.title`)}
                  </span>
                </button>
                {s && (
                  // A real button, so the helpdesk can say "press Continue"; it opens the flow at
                  // the saved step, as the main button does.
                  <button type="button" className="continue" onClick={open} aria-describedby={`flow-${f.id}-name`}>
                    {t('flows.continueAt', { where })}
                  </button>
                )}
              </div>
              <p className="hint" id={`flow-${f.id}`}>
                {tk(`flows.${f.id}.desc`)}
              </p>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
