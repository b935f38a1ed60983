// The address checks moved to @partnership-hub/outbound, shared with the ModernGov connector; the
// subscriptions' names for them stay here.
export {
  type CheckedEndpoint,
  checkWebhookUrl,
  type EndpointPolicy,
  type Resolve,
  type ResolvedAddress,
  rangeOf,
  resolveWithDns,
  UnsafeEndpointError,
} from '@partnership-hub/outbound';
