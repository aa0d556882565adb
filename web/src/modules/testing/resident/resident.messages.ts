import { defineMessages } from '../../../app/i18n/i18n';

export const residentMessages = defineMessages(
  {
    title: '核酸检测采样码',
    show: '采样时请出示此码',
    results: '检测结果',
    noResults: '暂无检测记录',
    round: '轮次',
    sampledAt: '采样时间',
    resultedAt: '出结果时间',
    pending: '待出结果',
    recheck: '复核单采：{status}',
    notFound: '链接无效或已失效，请向社区（村）工作人员索取新的采样码。',
    error: '暂时无法加载，请稍后重试。',
    retry: '重试',
    privacy: '本页仅显示脱敏信息。请勿将本页链接转发给他人。',
  },
  {
    title: 'Sampling code',
    show: 'Show this code at the sampling table',
    results: 'Results',
    noResults: 'No test yet',
    round: 'Round',
    sampledAt: 'Sampled',
    resultedAt: 'Resulted',
    pending: 'Pending',
    recheck: 'Single-tube recheck: {status}',
    notFound: 'This link is not valid; ask your community or village worker for a new sampling code.',
    error: 'The page cannot be loaded right now; try again later.',
    retry: 'Try again',
    privacy: 'This page shows masked information only. Do not forward its link.',
  },
);
