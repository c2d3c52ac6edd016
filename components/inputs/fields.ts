import type { TargetId } from '@/lib/catalog';

/** The query keys the input panel shows for a target, so a warning about one can sit beside it. */
export function fieldsShown(target: TargetId): readonly string[] {
  const own: Record<TargetId, readonly string[]> = {
    ssh: ['openssh', 'alive', 'host'],
    postgres: ['postgres', 'dbhost'],
    mysql: ['mysql', 'dbhost'],
    nginx: ['nginx', 'upstream', 'app', 'front'],
    elasticsearch: ['elasticsearch'],
  };
  return ['target', 'via', 'idle', 'goal', 'keepalive', 'user_timeout', ...own[target]];
}
