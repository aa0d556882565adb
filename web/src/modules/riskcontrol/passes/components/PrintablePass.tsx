/**
 * The pass as printed (A5, carried in the cab): number, type, plate, drivers, route, validity and
 * the QR code. Rendered into the body beside the app, shown only while printing (passes.css: the
 * app is hidden while body has `print-pass`), so the printout is the pass alone.
 */
import { QRCode } from 'antd';
import dayjs from 'dayjs';
import { createPortal } from 'react-dom';
import { displayPlate } from '../../../../../../domain/passes.js';
import { useLang, useT } from '../../../../app/i18n/i18n';
import type { PassDetail } from '../api-types';
import { PASS_TYPE_LABELS, labelOf } from '../labels';
import { passesMessages } from '../passes.messages';

export function printPass(): void {
  document.body.classList.add('print-pass');
  const done = () => {
    document.body.classList.remove('print-pass');
    window.removeEventListener('afterprint', done);
  };
  window.addEventListener('afterprint', done);
  window.print();
}

export function PrintablePass({ pass }: { pass: PassDetail }) {
  const t = useT(passesMessages);
  const { lang } = useLang();
  const drivers = pass.holdersDetail.filter((h) => h.role === 'driver');
  const holders = pass.holdersDetail.filter((h) => h.role === 'holder');
  const row = (label: string, value: React.ReactNode) => (
    <tr>
      <th>{label}</th>
      <td>{value}</td>
    </tr>
  );
  return createPortal(
    <div className="pass-print-root" data-testid="pass-print">
      <div className="pass-print">
        <h1>
          {t('print.title')}
          <small>{labelOf(PASS_TYPE_LABELS, pass.type, lang)}</small>
        </h1>
        <div className="pass-print-body">
          <table>
            <tbody>
              {row(t('print.number'), <span className="num">{pass.number}</span>)}
              {pass.organisation && row(t('print.org'), pass.organisation)}
              {pass.plate &&
                row(
                  t('print.plate'),
                  <strong className="pass-print-plate">{displayPlate(pass.plate)}</strong>,
                )}
              {drivers.length > 0 &&
                row(t('print.drivers'), drivers.map((d) => `${d.name}（${d.idMasked}）`).join('；'))}
              {holders.length > 0 &&
                row(t('print.holders'), holders.map((d) => `${d.name}（${d.idMasked}）`).join('；'))}
              {row(
                t('print.route'),
                pass.routeDetail.length
                  ? pass.routeDetail.map((r) => `${r.code}${r.name ? ` ${r.name}` : ''}`).join(' → ')
                  : t('print.any'),
              )}
              {pass.origin && row(t('detail.origin'), pass.origin)}
              {pass.destination && row(t('detail.destination'), pass.destination)}
              {row(
                t('print.validity'),
                `${dayjs(pass.validFrom).format('YYYY-MM-DD HH:mm')} ~ ${dayjs(pass.validUntil).format('YYYY-MM-DD HH:mm')}`,
              )}
              {row(t('print.place'), pass.place.name)}
              {pass.decidedBy &&
                row(
                  t('print.issuer'),
                  `${pass.decidedBy}${pass.decidedAt ? ` · ${dayjs(pass.decidedAt).format('YYYY-MM-DD')}` : ''}`,
                )}
            </tbody>
          </table>
          {pass.token && (
            <div className="pass-print-qr">
              <QRCode value={pass.token} size={220} bordered={false} errorLevel="M" type="svg" />
            </div>
          )}
        </div>
        <p className="pass-print-note">{t('print.note')}</p>
      </div>
    </div>,
    document.body,
  );
}
