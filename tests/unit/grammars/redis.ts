// redis.conf: comments and `tcp-keepalive N` alone, N the plan's; nothing else may be appended to a user's file.
import type { Plan } from '../../../lib/types';
import { header, integer, isHashComment, lines, type Problems } from './common';

export function checkRedisConf(text: string, plan: Plan): Problems {
  const problems: Problems = [];
  const body = header(lines(text, problems), '#', plan, problems);
  let seen = 0;
  for (const [n, line] of body.entries()) {
    if (line === '' || isHashComment(line)) continue;
    const m = /^tcp-keepalive (\d+)$/.exec(line);
    // tcp-keepalive takes seconds, 0 turning it off (redis.conf): the plan's N is at least 1.
    const value = m ? integer(m[1] ?? '', 1, 2147483647) : undefined;
    if (!m) problems.push(`line ${n}: not "tcp-keepalive N": ${JSON.stringify(line)}`);
    else if (value !== plan.values.redisKeepalive)
      problems.push(`line ${n}: tcp-keepalive ${m[1]}, the plan chose ${plan.values.redisKeepalive}`);
    seen += 1;
  }
  if (seen !== 1) problems.push(`${seen} tcp-keepalive lines, want 1`);
  return problems;
}
