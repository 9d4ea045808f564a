// The training worker from its TypeScript source, for tests that run without a build: a worker
// thread does not inherit tsx from `node --import tsx`, so it registers tsx itself.
require('tsx/cjs');
require('../../src/worker/trainWorker.ts');
