import * as z from 'zod/mini';

/**
 * An email address typed into a page's form, with the API's limit on an address and GOV.UK's
 * wording for each way it can be wrong: the alerts form and the members' add form ask the same.
 * A function, not a value, so that each form builds it when its own schema is first built.
 */
export const emailAddressField = () =>
  z.pipe(
    z
      .string({ error: 'Enter an email address' })
      .check(z.trim(), z.minLength(1, 'Enter an email address'), z.maxLength(254, 'Email address must be 254 characters or fewer')),
    z.email('Enter an email address in the correct format, like name@example.com'),
  );
