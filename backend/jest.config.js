/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] },
  // jose and pgvector ship only ES modules; let swc turn them into CommonJS like our own code.
  transformIgnorePatterns: ['/node_modules/(?!(jose|pgvector)/)'],
  // One embedded Postgres for the whole run; test files share it one at a time and reset
  // the tables they use, so they run serially.
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  maxWorkers: 1,
  testTimeout: 30_000,
};
