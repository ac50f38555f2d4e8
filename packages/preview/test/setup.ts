import fc from 'fast-check'

// Property tests explore new inputs on every local run; CI replays a fixed seed so that a
// landing never depends on luck. FC_SEED reproduces any run (fast-check prints the seed).
const seed = process.env.FC_SEED
  ? Number(process.env.FC_SEED)
  : process.env.CI
    ? 20261124
    : undefined
if (seed !== undefined) fc.configureGlobal({ seed })
