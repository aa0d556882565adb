/**
 * One box for what a handheld scanner types (it ends with Enter), what a person types, or what the
 * camera reads (the camera button). The box empties the moment a code is entered and keeps the
 * focus, so a scanner can fire the next code before the server has answered the last one: codes
 * are handed on one at a time, in the order scanned, and none is lost. A refused code comes back
 * into the box, selected (unless the next one is already there), for correcting by hand.
 */
import { CameraOutlined } from '@ant-design/icons';
import { Button, Input, type InputRef, Space } from 'antd';
import { useLayoutEffect, useRef, useState } from 'react';
import { useT } from '../../../../app/i18n/i18n';
import { fieldMessages } from '../field.messages';
import { CameraScanner } from './CameraScanner';

export function ScanField({
  placeholder,
  onSubmit,
  busy = false,
  button,
  testId,
  autoFocus = true,
  cameraOpen: initialCamera = false,
}: {
  placeholder: string;
  /** Resolves true when the value was taken (the box is then cleared). */
  onSubmit: (text: string) => boolean | Promise<boolean>;
  busy?: boolean;
  button?: string;
  testId?: string;
  autoFocus?: boolean;
  cameraOpen?: boolean;
}) {
  const t = useT(fieldMessages);
  const [value, setValue] = useState('');
  const [camera, setCamera] = useState(initialCamera);
  const input = useRef<InputRef>(null);

  // The newest handler, set as soon as React has rendered: a queued code is judged against what the
  // page knows when its turn comes (the tube the last answer left, who is in it already).
  const handler = useRef(onSubmit);
  useLayoutEffect(() => {
    handler.current = onSubmit;
  });
  const queue = useRef<Promise<void>>(Promise.resolve());

  const submit = (raw: string) => {
    const text = raw.trim();
    if (text === '') return;
    setValue('');
    input.current?.focus();
    queue.current = queue.current.then(async () => {
      // Let the page render what the previous answer changed before this code is handed on.
      await new Promise((resolve) => setTimeout(resolve, 0));
      const taken = await Promise.resolve(handler.current(text)).catch(() => false);
      if (!taken) {
        // Kept for correcting by hand, but selected: the scanner's next code replaces it.
        setValue((now) => (now === '' ? text : now));
        setTimeout(() => input.current?.select(), 0);
      }
    });
  };

  return (
    <div className="field-scan">
      {camera && (
        <CameraScanner paused={busy} onCode={(text) => submit(text)} onClose={() => setCamera(false)} />
      )}
      <Space.Compact style={{ width: '100%' }} size="large">
        <Button
          icon={<CameraOutlined />}
          type={camera ? 'primary' : 'default'}
          aria-label={t('camera.toggle')}
          onClick={() => setCamera((on) => !on)}
          data-testid={testId ? `${testId}-camera` : undefined}
        />
        <Input
          ref={input}
          value={value}
          autoFocus={autoFocus}
          autoComplete="off"
          autoCapitalize="characters"
          placeholder={placeholder}
          onChange={(e) => setValue(e.target.value)}
          onPressEnter={() => submit(value)}
          data-testid={testId}
        />
        <Button
          type="primary"
          loading={busy}
          onClick={() => submit(value)}
          data-testid={testId ? `${testId}-submit` : undefined}
        >
          {button ?? t('scan.submit')}
        </Button>
      </Space.Compact>
    </div>
  );
}
