import type { LookupFunction } from 'node:net';
import type { ResolvedAddress } from './addresses.ts';

/**
 * A lookup that answers the address already checked, whatever name it is asked for: the connection
 * goes where the checks looked, never to a second DNS answer, so rebinding cannot slip a private
 * address in between the check and the call.
 */
export function pinnedLookup(address: ResolvedAddress): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: address.address, family: address.family }]);
    else callback(null, address.address, address.family);
  }) as unknown as LookupFunction;
}
