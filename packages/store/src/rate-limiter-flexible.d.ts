// rate-limiter-flexible's own declarations describe its root module, which loads every store it
// supports (Redis, Mongo, Prisma, DynamoDB with the aggregated client...). The hub imports the two
// classes it builds on by path, so that the Lambda bundles carry the library's core and nothing
// else; these declarations give those paths the root module's types.
declare module 'rate-limiter-flexible/lib/RateLimiterStoreAbstract.js' {
  import { RateLimiterStoreAbstract } from 'rate-limiter-flexible';
  export default RateLimiterStoreAbstract;
}
declare module 'rate-limiter-flexible/lib/RateLimiterRes.js' {
  import { RateLimiterRes } from 'rate-limiter-flexible';
  export default RateLimiterRes;
}
