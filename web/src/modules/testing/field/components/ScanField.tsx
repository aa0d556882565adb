/**
 * One box for what a handheld scanner types (it ends with Enter), what a person types, or what the
 * camera reads (the camera button). The box empties after each accepted value and keeps the focus,
 * so a scanner can fire the next code at once; a refused value stays, selected.
 */
import { CameraOutlined } from '@ant-design/icons';
import { Button, Input, type InputRef, Space } from 'antd';
import { useRef, useState } from 'react';
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

  const submit = async (text: string) => {
    if (text.trim() === '') return;
    if (await onSubmit(text.trim())) {
      setValue('');
      input.current?.focus();
    } else {
      // Kept for correcting by hand, but selected: the scanner's next code replaces it.
      input.current?.select();
    }
  };

  return (
    <div className="field-scan">
      {camera && (
        <CameraScanner paused={busy} onCode={(text) => void submit(text)} onClose={() => setCamera(false)} />
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
          onPressEnter={() => void submit(value)}
          data-testid={testId}
        />
        <Button
          type="primary"
          loading={busy}
          onClick={() => void submit(value)}
          data-testid={testId ? `${testId}-submit` : undefined}
        >
          {button ?? t('scan.submit')}
        </Button>
      </Space.Compact>
    </div>
  );
}
