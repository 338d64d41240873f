import "@testing-library/jest-dom";

// Close whatever the test file opened (its database, its cache connection), so the
// worker can exit and, on PostgreSQL, the file's schema is dropped.
afterAll(async () => {
  const [{ closeDatabase }, { closeCache }] = await Promise.all([import("@/lib/db"), import("@/lib/cache")]);
  await closeDatabase();
  await closeCache();
});
