// Stands in for "server-only" under jest, where there is no React Server Components bundler.
module.exports = {};
