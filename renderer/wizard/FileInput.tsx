/**
 * A file picker whose words follow the app's language, not the browser's.
 *
 * Chromium draws <input type="file"> with its own UI language ("Choose File / No file chosen"),
 * so a user who switched Certwiz to 繁體中文 on an English system saw English in the middle of
 * every file page (screenshots of Complete, C 4 DCV, Import PFX). The native input stays: it is
 * laid transparently over a button-looking box, so a click, Tab focus, Enter/Space, drag-and-drop,
 * the page's own <label htmlFor> and Playwright's setInputFiles all reach the real control; only
 * the visible text is ours. A multiple-file picker shows no "n files chosen" of its own: its page
 * lists the files it keeps (adding and removing), which a count of the last pick would contradict.
 */
import { forwardRef, useState, type InputHTMLAttributes } from 'react';
import { useI18n } from '../i18n';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'type'> & { id: string };

export const FileInput = forwardRef<HTMLInputElement, Props>(function FileInput({ onChange, multiple, className, ...rest }, ref) {
  const { t } = useI18n();
  const [names, setNames] = useState<string[]>([]);
  const chosen = names.length === 0 ? t('wizard.file.none') : names[0];
  return (
    <span className={`file-input${className ? ` ${className}` : ''}`}>
      <span className="file-box">
        <input
          {...rest}
          ref={ref}
          type="file"
          multiple={multiple}
          onChange={(e) => {
            setNames(Array.from(e.target.files ?? [], (f) => f.name));
            onChange?.(e);
          }}
        />
        <span className="file-button" aria-hidden="true">
          {multiple ? t('wizard.file.chooseMany') : t('wizard.file.choose')}
        </span>
      </span>
      {!multiple && (
        <span className="file-chosen" aria-hidden="true">
          {chosen}
        </span>
      )}
    </span>
  );
});
