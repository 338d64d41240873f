// Runs before each test file's modules load.
// NODE_ENV is "test" under jest, which makes lib/db open an isolated database per test file.
process.env.LOG_LEVEL ??= "silent";
// One allow-listed browser origin for the CORS tests.
process.env.CORS_ORIGINS ??= "https://app.example.com";
