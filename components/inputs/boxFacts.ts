import type { Middlebox } from '@/lib/middleboxes';
import { formatDuration } from '@/lib/time';

export type { Middlebox };

/** Plain words for whether zero-length TCP keepalive probes refresh the box's idle timer. */
export function keepaliveWords(box: Middlebox): string {
  switch (box.keepaliveResetsTimer) {
    case 'yes':
      return 'keepalive probes keep it open';
    case 'no':
      return 'ignores keepalive probes: needs data';
    case 'unknown':
      return 'unknown whether keepalive probes count';
    default:
      return box.keepaliveResetsTimer satisfies never;
  }
}

export function timeoutWords(box: Middlebox): string {
  return box.defaultSeconds === null ? 'idle timeout unknown' : `idles out after ${formatDuration(box.defaultSeconds)}`;
}

const CONFIDENCE: Record<Middlebox['confidence'], string> = {
  doc: 'vendor documentation',
  'doc-old': 'older vendor documentation',
  '3p': 'third-party report',
  unverified: 'unverified',
};

export function confidenceWords(box: Middlebox): string {
  return CONFIDENCE[box.confidence];
}

export function isUnverified(box: Middlebox): boolean {
  return box.confidence === 'unverified';
}

export { entryId, entryTimeout, parseBoxTimeout, withTimeout } from '@/lib/middleboxes';
