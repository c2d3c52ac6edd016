import type { TargetId } from '@/lib/catalog';
import { targetOf } from '@/lib/targets';

/** The query keys the input panel shows for a target (its own from its declaration), so a warning about one can sit beside it. */
export function fieldsShown(target: TargetId): readonly string[] {
  return ['target', 'via', 'idle', 'goal', 'keepalive', 'user_timeout', ...targetOf(target).fields.map((f) => f.key)];
}
