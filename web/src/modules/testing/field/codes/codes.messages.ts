import { defineMessages } from '../../../../app/i18n/i18n';

export const codesMessages = defineMessages(
  {
    'card.title': '采样码',
    'card.unavailable': '暂时无法获取采样码',
    'card.residentPage': '居民查询页',
    'card.householdSheet': '打印本户采样码',
    'page.title': '采样码打印',
    'page.pick': '从人口底数的户页面或人员页面打开“打印本户采样码”，即可打印该户全部成员的采样码。',
    'page.openUnits': '前往人口概况',
    'sheet.title': '本户采样码',
    'sheet.print': '打印',
    'sheet.members': '共 {count} 人',
    'sheet.hint': '采样时出示本人二维码；也可用手机扫码查看本人检测结果。',
    'sheet.none': '本户没有成员',
  },
  {
    'card.title': 'Sampling code',
    'card.unavailable': 'The sampling code cannot be loaded right now',
    'card.residentPage': 'Resident page',
    'card.householdSheet': 'Print the household’s codes',
    'page.title': 'Print codes',
    'page.pick':
      'Open “Print the household’s codes” from a household or person page of the population ledger to print every member’s code.',
    'page.openUnits': 'Go to the population overview',
    'sheet.title': 'Sampling codes of the household',
    'sheet.print': 'Print',
    'sheet.members': '{count} people',
    'sheet.hint': 'Show your own code at the sampling table; scan it with a phone to see your results.',
    'sheet.none': 'No member in this household',
  },
);
