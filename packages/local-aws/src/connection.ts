/**
 * What a local run's SDK client needs to reach one of the embedded stand-ins (dynalite, the local
 * bus): its endpoint, a region, and credentials the SDK insists on though nothing checks them.
 *
 * The stand-ins look for an Authorization header of AWS's form and a date, never at the signature,
 * so the clients here send that form without computing a SigV4 signature. Signing was about a
 * sixteenth of the local run's main-thread time (every table call hashes its body and derives an
 * HMAC chain), spent on checks nothing makes; on AWS the clients sign as ever, since their wiring
 * never uses this. Baselines in the bench use it too, so that they pay what the hub pays.
 *
 * With a request handler (EmbeddedDynamoDb.start gives one in its `connection`), requests go through
 * it instead of an HTTP connection to the endpoint.
 */
export function localAwsConnection(endpoint: string, requestHandler?: object) {
  return {
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    signer: unsigned,
    ...(requestHandler ? { requestHandler } : {}),
  };
}

/** An SDK client's configuration for a local stand-in (localAwsConnection). */
export type LocalAwsConnection = ReturnType<typeof localAwsConnection>;

const LOCAL_REGION = 'eu-west-2';
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** The headers a signed request has, as dynalite checks them (present, of AWS's form), with no signature worked out. */
const unsigned = {
  sign: async <Request extends { headers: Record<string, string> }>(request: Request): Promise<Request> => {
    request.headers['x-amz-date'] = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
    request.headers.authorization = `AWS4-HMAC-SHA256 Credential=${LOCAL_CREDENTIALS.accessKeyId}/unsigned, SignedHeaders=host, Signature=unsigned`;
    return request;
  },
};
