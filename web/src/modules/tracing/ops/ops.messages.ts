/** Words the command's tracing pages share: the load board, refresh notes, common columns. */
import { defineMessages } from '../../../app/i18n/i18n';

export const opsMessages = defineMessages(
  {
    'auto.refresh': '每分钟及有新情况时自动刷新',
    'load.title': '流调人员工作量',
    'load.user': '流调人员',
    'load.teams': '所在队伍',
    'load.open': '在办病例',
    'load.overdue': '超时病例',
    'load.dueSoon': '1小时内到时',
    'load.callsToday': '今日通话',
    'load.empty': '暂无流调人员',
    'load.noTeam': '未编队',
    'col.place': '所在地',
    'col.createdAt': '创建时间',
  },
  {
    'auto.refresh': 'Refreshes every minute and on news',
    'load.title': "Investigators' load",
    'load.user': 'Investigator',
    'load.teams': 'Teams',
    'load.open': 'Open cases',
    'load.overdue': 'Overdue',
    'load.dueSoon': 'Due within 1 h',
    'load.callsToday': 'Calls today',
    'load.empty': 'No investigators',
    'load.noTeam': 'No team',
    'col.place': 'Place',
    'col.createdAt': 'Created',
  },
);
