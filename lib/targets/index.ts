/** The target registry: adding a target is one file here and one line below. */
import type { TargetId } from '../catalog';
import { elasticsearch } from './elasticsearch';
import { grpc } from './grpc';
import { mysql } from './mysql';
import { nginx } from './nginx';
import { postgres } from './postgres';
import { redis } from './redis';
import { ssh } from './ssh';
import type { Target } from './target';

export const TARGET_REGISTRY = { ssh, postgres, mysql, nginx, elasticsearch, redis, grpc } as const satisfies Record<
  TargetId,
  Target
>;

export function targetOf(id: TargetId): Target {
  return TARGET_REGISTRY[id];
}
