/**
 * Words the whole app shares: the shell, navigation, common actions and states. A module's own
 * words live in its folder (`<module>.messages.ts`).
 */
const zh = {
  'app.name': 'Cordon',
  'app.title': '疫情防控指挥调度平台',
  'app.fullTitle': 'Cordon 疫情防控指挥调度平台',

  'header.jurisdiction': '当前辖区',
  'header.collapse': '收起菜单',
  'header.expand': '展开菜单',
  'header.demoTag': '演示账号',
  'header.live': '实时连接',
  'header.liveOff': '实时连接已断开，正在重连',
  'demo.banner': '演示账号 — 仅供演示。演示数据可被任何人看到和修改，请勿录入真实个人信息。',
  'lang.switch': 'English',

  'user.changePassword': '修改密码',
  'user.logout': '退出登录',
  'user.loggedOut': '已退出登录',

  'action.save': '保存',
  'action.create': '新建',
  'action.edit': '编辑',
  'action.delete': '删除',
  'action.reset': '重置',
  'action.refresh': '刷新',
  'action.copy': '复制',
  'action.copied': '已复制',
  'action.copyFailed': '复制失败，请手动选择复制',
  'action.backHome': '返回首页',
  'action.loadMore': '加载更多',
  'action.retry': '重试',

  'state.loading': '正在加载…',
  'state.noMore': '没有更多了',
  'state.total': '共 {total} 条',
  'state.forbiddenTitle': '无权访问',
  'state.forbidden': '您的角色没有访问此页面的权限。',
  'state.notFoundTitle': '页面不存在',
  'state.notFound': '您访问的页面不存在或已被移除。',
  'state.outOfScopeTitle': '超出管辖范围',
  'state.outOfScope': '{target} 不在您的管辖范围内，您只能查看本辖区及下级的数据。',
  'state.badCodeTitle': '无效的辖区代码',
  'state.badCode': '“{code}” 不是有效的辖区代码。',
  'state.errorTitle': '加载失败',
  'state.requestId': '请求编号',

  'jurisdiction.pick': '选择辖区，可输入名称或代码搜索',
  'jurisdiction.noMatch': '没有匹配的辖区',
  'jurisdiction.moreChildren': '还有 {count} 项未显示，请使用搜索',

  yes: '是',
  no: '否',
} as const;

const en: { [K in keyof typeof zh]: string } = {
  'app.name': 'Cordon',
  'app.title': 'Outbreak Response Command',
  'app.fullTitle': 'Cordon Outbreak Response Command',

  'header.jurisdiction': 'Jurisdiction',
  'header.collapse': 'Collapse menu',
  'header.expand': 'Expand menu',
  'header.demoTag': 'Demo account',
  'header.live': 'Live',
  'header.liveOff': 'Live connection lost, reconnecting',
  'demo.banner':
    'Demo account — for demonstration only. Anyone can see and change demo data; do not enter real personal information.',
  'lang.switch': '中文',

  'user.changePassword': 'Change password',
  'user.logout': 'Log out',
  'user.loggedOut': 'Logged out',

  'action.save': 'Save',
  'action.create': 'Create',
  'action.edit': 'Edit',
  'action.delete': 'Delete',
  'action.reset': 'Reset',
  'action.refresh': 'Refresh',
  'action.copy': 'Copy',
  'action.copied': 'Copied',
  'action.copyFailed': 'Could not copy; select the text and copy it by hand',
  'action.backHome': 'Back to overview',
  'action.loadMore': 'Load more',
  'action.retry': 'Retry',

  'state.loading': 'Loading…',
  'state.noMore': 'No more entries',
  'state.total': '{total} in total',
  'state.forbiddenTitle': 'Access denied',
  'state.forbidden': 'Your role does not allow you to open this page.',
  'state.notFoundTitle': 'Page not found',
  'state.notFound': 'The page you asked for does not exist or has been removed.',
  'state.outOfScopeTitle': 'Outside your jurisdiction',
  'state.outOfScope':
    '{target} is outside your jurisdiction; you can only see your own jurisdiction and those below it.',
  'state.badCodeTitle': 'Invalid jurisdiction code',
  'state.badCode': '"{code}" is not a valid jurisdiction code.',
  'state.errorTitle': 'Could not load',
  'state.requestId': 'Request id',

  'jurisdiction.pick': 'Choose, or type a name or code',
  'jurisdiction.noMatch': 'No matching jurisdiction',
  'jurisdiction.moreChildren': '{count} more not shown; use the search',

  yes: 'Yes',
  no: 'No',
};

export type CommonKey = keyof typeof zh;
export const COMMON = { zh, en } as const;
