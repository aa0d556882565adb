/**
 * A resident's own health code: a big QR code in the code's colour holding the signed token (a
 * checkpoint reads it offline), the colour in words, every reason, and the day it can change. The
 * token lives a few minutes: the page asks for a fresh one half a minute before it expires.
 */
import { Card, List, QRCode, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { useLang, useT } from '../../../app/i18n/i18n';
import type { ResidentHealthCode } from './api-types';
import { codesMessages } from './codes.messages';
import { CODE_COLOURS, COLOUR_LABELS, reasonText } from './reasons';

export function HealthCodeCard({ code, onExpiring }: { code: ResidentHealthCode; onExpiring: () => void }) {
  const t = useT(codesMessages);
  const { lang } = useLang();
  useEffect(() => {
    const wait = Math.max(5_000, new Date(code.expiresAt).getTime() - Date.now() - 30_000);
    const timer = setTimeout(onExpiring, wait);
    return () => clearTimeout(timer);
  }, [code.expiresAt, onExpiring]);
  const colour = CODE_COLOURS[code.colour];
  return (
    <Card data-testid="resident-health-code" data-colour={code.colour}>
      <div className="resident-code">
        <Typography.Title level={3} style={{ color: colour, margin: 0 }}>
          {COLOUR_LABELS[code.colour][lang]}
        </Typography.Title>
        <QRCode
          value={code.token}
          type="svg"
          size={280}
          color={colour}
          bordered={false}
          errorLevel="M"
          data-testid="health-code-qr"
        />
        {code.changesOn && (
          <Typography.Text strong data-testid="health-code-changes-on">
            {t('code.changesOn', { date: code.changesOn })}
          </Typography.Text>
        )}
      </div>
      {code.reasons.length > 0 && (
        <List
          size="small"
          header={t('code.reasons')}
          dataSource={code.reasons}
          renderItem={(r) => (
            <List.Item data-testid="health-code-reason">
              <span>
                <Tag color={r.colour === 'red' ? 'red' : 'gold'}>{COLOUR_LABELS[r.colour][lang]}</Tag>
                {reasonText(r, lang)}
              </span>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
