import type { SamplingTask } from '../field-types';

export interface HouseholdTasks {
  key: string;
  address: string;
  village: { code: string; name: string };
  tasks: SamplingTask[];
}

/**
 * One visit per door: tasks at one address together (a household shares its address; the task list
 * carries no household id), doors with someone held at home first, then by address.
 */
export function groupByHousehold(tasks: readonly SamplingTask[]): HouseholdTasks[] {
  const groups = new Map<string, HouseholdTasks>();
  for (const task of tasks) {
    const key = `${task.village.code}|${task.address}`;
    let group = groups.get(key);
    if (!group) {
      group = { key, address: task.address, village: task.village, tasks: [] };
      groups.set(key, group);
    }
    group.tasks.push(task);
  }
  const held = (g: HouseholdTasks) => Number(g.tasks.some((t) => t.holdAtHome && t.status === 'pending'));
  return [...groups.values()].sort(
    (a, b) => held(b) - held(a) || a.address.localeCompare(b.address, 'zh-CN'),
  );
}
