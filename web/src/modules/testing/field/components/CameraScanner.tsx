/**
 * The phone's rear camera, read a few times a second. Each new value is handed to `onCode`; the
 * same value is handed again only after it was out of view for `repeatMs`, so a code held in front
 * of the lens counts once.
 */
import { Alert, Button } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useT } from '../../../../app/i18n/i18n';
import { fieldMessages } from '../field.messages';
import { makeDecoder } from './camera-decoder';

const FRAME_MS = 250;

type CameraState = 'starting' | 'on' | 'unavailable' | 'denied';

export function CameraScanner({
  onCode,
  onClose,
  repeatMs = 3000,
  paused = false,
}: {
  onCode: (text: string) => void;
  onClose?: () => void;
  repeatMs?: number;
  /** While the previous code is being sent: frames are not read. */
  paused?: boolean;
}) {
  const t = useT(fieldMessages);
  const video = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<CameraState>('starting');
  const handler = useRef(onCode);
  const pausedRef = useRef(paused);
  useEffect(() => {
    handler.current = onCode;
    pausedRef.current = paused;
  });

  useEffect(() => {
    let stream: MediaStream | null = null;
    let timer: number | undefined;
    let stopped = false;
    const last = { text: '', at: 0 };
    const canvas = document.createElement('canvas');

    async function start() {
      if (!navigator.mediaDevices?.getUserMedia) {
        setState('unavailable');
        return;
      }
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          video: { facingMode: 'environment', width: { ideal: 1280 } },
          audio: false,
        });
      } catch (error) {
        setState(
          error instanceof DOMException && error.name === 'NotAllowedError' ? 'denied' : 'unavailable',
        );
        return;
      }
      if (stopped || !video.current) return stream.getTracks().forEach((track) => track.stop());
      video.current.srcObject = stream;
      await video.current.play().catch(() => undefined);
      setState('on');
      const { decode } = await makeDecoder();
      const tick = async () => {
        const v = video.current;
        if (stopped || !v) return;
        if (!pausedRef.current && v.videoWidth > 0) {
          canvas.width = v.videoWidth;
          canvas.height = v.videoHeight;
          canvas.getContext('2d', { willReadFrequently: true })?.drawImage(v, 0, 0);
          const text = await decode(canvas).catch(() => null);
          const now = Date.now();
          // A code held in view is read on every frame: it counts again only after it has been
          // out of view for repeatMs (a second scan of the same person is flagged by the server).
          if (text && (text !== last.text || now - last.at > repeatMs)) handler.current(text);
          if (text) {
            last.text = text;
            last.at = now;
          }
        }
        timer = window.setTimeout(() => void tick(), FRAME_MS);
      };
      void tick();
    }
    void start();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, [repeatMs]);

  if (state === 'unavailable' || state === 'denied') {
    return (
      <Alert
        type="warning"
        showIcon
        title={t(state === 'denied' ? 'camera.denied' : 'camera.unavailable')}
        action={onClose && <Button onClick={onClose}>{t('camera.close')}</Button>}
        data-testid="camera-unavailable"
      />
    );
  }
  return (
    <div className="field-camera" data-testid="camera">
      <video ref={video} muted playsInline />
      <div className="field-camera-frame" aria-hidden />
      {state === 'starting' && <div className="field-camera-note">{t('camera.starting')}</div>}
      {onClose && (
        <Button className="field-camera-close" onClick={onClose}>
          {t('camera.close')}
        </Button>
      )}
    </div>
  );
}
