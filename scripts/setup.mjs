#!/usr/bin/env node
// `npm test`'s set-up step (npm runs it as `pretest`). Stub: being written.
