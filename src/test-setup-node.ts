// Property tests (fast-check) explore new random inputs on every developer run; in CI (CI=true) they use one fixed
// seed, so that a run is reproducible and a failure can be replayed. A failure prints its seed and counterexample.
import fc from 'fast-check';

if (process.env.CI) fc.configureGlobal({ seed: 20261126 });
