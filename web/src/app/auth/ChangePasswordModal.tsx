import { App, Modal } from 'antd';
import { useT } from '../i18n/i18n';
import { useAuth } from './auth.context';
import { authMessages } from './auth.messages';
import { ChangePasswordForm } from './ChangePasswordForm';

export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT(authMessages);
  const { message } = App.useApp();
  const { refresh } = useAuth();
  return (
    <Modal title={t('password.title')} open={open} onCancel={onClose} footer={null} destroyOnHidden>
      <ChangePasswordForm
        onDone={() => {
          void message.success(t('password.changed'));
          onClose();
          void refresh();
        }}
      />
    </Modal>
  );
}
