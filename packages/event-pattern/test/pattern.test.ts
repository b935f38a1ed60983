import { describe, expect, it } from 'vitest';
import { compileEventPattern, type EventPattern, EventPatternError, matchesEventPattern, validateEventPattern } from '../src/pattern.ts';

// Malformed patterns do not fit the EventPattern type; tests that feed them in go through this.
const raw = (pattern: unknown) => pattern as EventPattern;

/** Expects matching to throw an EventPatternError whose message names `path` and says `problem`. */
function expectRejected(pattern: unknown, path: string, problem: RegExp | string = /./) {
  let caught: unknown;
  try {
    matchesEventPattern(raw(pattern), {});
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(EventPatternError);
  const error = caught as EventPatternError;
  expect(error.path).toBe(path);
  expect(error.message.startsWith(`${path === '' ? '(root)' : path}: `)).toBe(true);
  expect(error.message).toMatch(problem);
}

// Page: "Creating Amazon EventBridge event patterns" — the Amazon EC2 example event and pattern.
describe('Creating Amazon EventBridge event patterns: fields, nesting and exact values', () => {
  const ec2Event = {
    version: '0',
    id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    'detail-type': 'EC2 Instance State-change Notification',
    source: 'aws.ec2',
    account: '111122223333',
    time: '2017-12-22T18:43:48Z',
    region: 'us-west-1',
    resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
    detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated' },
  };
  const terminations: EventPattern = {
    source: ['aws.ec2'],
    'detail-type': ['EC2 Instance State-change Notification'],
    detail: { state: ['terminated'] },
  };

  it('matches the documented instance-termination event, ignoring fields the pattern does not name', () => {
    expect(matchesEventPattern(terminations, ec2Event)).toBe(true);
  });

  it('does not match when a nested value differs', () => {
    expect(matchesEventPattern(terminations, { ...ec2Event, detail: { state: 'running' } })).toBe(false);
  });

  it('does not match when a field named in the pattern is missing from the event', () => {
    const { source: _source, ...withoutSource } = ec2Event;
    expect(matchesEventPattern(terminations, withoutSource)).toBe(false);
  });

  it('requires the same nesting: a top-level "state" does not satisfy detail.state', () => {
    expect(matchesEventPattern({ detail: { state: ['terminated'] } }, { state: 'terminated', detail: {} })).toBe(false);
  });

  it('requires every field to match (fields are ANDed)', () => {
    expect(matchesEventPattern({ source: ['aws.ec2'], region: ['eu-west-1'] }, ec2Event)).toBe(false);
  });

  it('matches if any value in the field\'s list matches (values are ORed): "aws.ec2" or "aws.fargate"', () => {
    const pattern: EventPattern = { source: ['aws.ec2', 'aws.fargate'] };
    expect(matchesEventPattern(pattern, { source: 'aws.fargate' })).toBe(true);
    expect(matchesEventPattern(pattern, { source: 'aws.s3' })).toBe(false);
  });

  it('compares strings character by character, without case folding', () => {
    expect(matchesEventPattern({ source: ['aws.ec2'] }, { source: 'AWS.EC2' })).toBe(false);
  });

  it('matches numbers in nested objects (the Macie risk-score / trigger.risk example)', () => {
    const pattern: EventPattern = {
      source: ['aws.macie'],
      'detail-type': ['Macie Alert'],
      detail: { 'risk-score': [80], trigger: { risk: [8] } },
    };
    const alert = {
      source: 'aws.macie',
      'detail-type': 'Macie Alert',
      detail: { 'risk-score': 80, tags: ['Custom_Alert', 'Insider'], trigger: { 'alert-type': 'basic', risk: 8 } },
    };
    expect(matchesEventPattern(pattern, alert)).toBe(true);
    expect(matchesEventPattern(pattern, { ...alert, detail: { ...alert.detail, trigger: { risk: 7 } } })).toBe(false);
  });

  it('matches booleans exactly', () => {
    expect(matchesEventPattern({ detail: { urgent: [true] } }, { detail: { urgent: true } })).toBe(true);
    expect(matchesEventPattern({ detail: { urgent: [true] } }, { detail: { urgent: false } })).toBe(false);
  });

  it('does not treat a string as equal to the number or boolean it spells', () => {
    expect(matchesEventPattern({ detail: { n: ['5'] } }, { detail: { n: 5 } })).toBe(false);
    expect(matchesEventPattern({ detail: { n: [5] } }, { detail: { n: '5' } })).toBe(false);
    expect(matchesEventPattern({ detail: { flag: [true] } }, { detail: { flag: 'true' } })).toBe(false);
  });

  it('matches a number written in exponent form against the same value (3.018e2 is 301.8)', () => {
    expect(matchesEventPattern({ detail: { 'x-limit': [3.018e2] } }, { detail: { 'x-limit': 301.8 } })).toBe(true);
  });

  it('does not match a leaf value pattern against an object in the event', () => {
    expect(matchesEventPattern({ detail: ['x'] }, { detail: { x: 'x' } })).toBe(false);
  });

  it('looks only at the event\'s own fields, not inherited ones like "constructor"', () => {
    expect(matchesEventPattern({ constructor: [{ exists: true }] }, {})).toBe(false);
    expect(matchesEventPattern({ constructor: [{ exists: false }] }, {})).toBe(true);
  });
});

// Page: "Matching events on null values and empty strings in Amazon EventBridge".
describe('Matching events on null values and empty strings', () => {
  const launch = {
    version: '0',
    id: '3e3c153a-8339-4e30-8c35-687ebef853fe',
    'detail-type': 'EC2 Instance Launch Successful',
    source: 'aws.autoscaling',
    account: '123456789012',
    time: '2015-11-11T21:31:47Z',
    region: 'us-east-1',
    resources: [],
    detail: { eventVersion: '', responseElements: null },
  };

  it('matches an empty-string value with [""]', () => {
    expect(matchesEventPattern({ detail: { eventVersion: [''] } }, launch)).toBe(true);
  });

  it('matches a null value with [null]', () => {
    expect(matchesEventPattern({ detail: { responseElements: [null] } }, launch)).toBe(true);
  });

  it('matches the documented field-matching pattern that combines source, detail-type and a null', () => {
    const pattern: EventPattern = {
      source: ['aws.autoscaling'],
      'detail-type': ['EC2 Instance Launch Successful'],
      detail: { responseElements: [null] },
    };
    expect(matchesEventPattern(pattern, launch)).toBe(true);
  });

  it('does not treat null and the empty string as interchangeable', () => {
    expect(matchesEventPattern({ detail: { responseElements: [''] } }, launch)).toBe(false);
    expect(matchesEventPattern({ detail: { eventVersion: [null] } }, launch)).toBe(false);
  });

  it('does not match [null] against a field that is missing altogether', () => {
    expect(matchesEventPattern({ detail: { absent: [null] } }, launch)).toBe(false);
  });
});

// Page: "Arrays in Amazon EventBridge event patterns" (matching on multiple field values).
describe('Arrays in events', () => {
  const pattern: EventPattern = {
    resources: [
      'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
      'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
      'arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f',
    ],
  };

  it('matches when the pattern list and the event array intersect (the documented resources example)', () => {
    const event = {
      resources: [
        'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate',
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
      ],
    };
    expect(matchesEventPattern(pattern, event)).toBe(true);
  });

  it('does not match when no element of the event array is in the pattern list', () => {
    expect(matchesEventPattern(pattern, { resources: ['arn:aws:s3:::bucket'] })).toBe(false);
  });

  it('does not match an empty event array', () => {
    expect(matchesEventPattern(pattern, { resources: [] })).toBe(false);
  });

  it('applies operators to each element: any element with the prefix is enough', () => {
    expect(matchesEventPattern({ detail: { tags: [{ prefix: 'team-' }] } }, { detail: { tags: ['x', 'team-a'] } })).toBe(true);
    expect(matchesEventPattern({ detail: { tags: [{ prefix: 'team-' }] } }, { detail: { tags: ['x', 'y'] } })).toBe(false);
  });

  it('flattens arrays nested in arrays', () => {
    expect(
      matchesEventPattern(
        { detail: { grid: [4] } },
        {
          detail: {
            grid: [
              [1, 2],
              [3, [4]],
            ],
          },
        },
      ),
    ).toBe(true);
  });

  // aws/event-ruler README, "JSON Array Matching": nested patterns match inside objects in arrays.
  const employees = {
    employees: [
      { firstName: 'John', lastName: 'Doe' },
      { firstName: 'Anna', lastName: 'Smith' },
      { firstName: 'Peter', lastName: 'Jones' },
    ],
  };

  it('matches a nested pattern against any object in an event array', () => {
    expect(matchesEventPattern({ employees: { firstName: ['Anna'] } }, employees)).toBe(true);
  });

  it('does not combine fields from different array elements (Anna from one, Jones from another)', () => {
    expect(matchesEventPattern({ employees: { firstName: ['Anna'], lastName: ['Jones'] } }, employees)).toBe(false);
    expect(matchesEventPattern({ employees: { firstName: ['Anna'], lastName: ['Smith'] } }, employees)).toBe(true);
  });
});

// Page: "Content filtering in Amazon EventBridge event patterns", section "Prefix matching".
describe('prefix', () => {
  it('matches a "time" starting with "2017-10-02" (the documented example)', () => {
    expect(matchesEventPattern({ time: [{ prefix: '2017-10-02' }] }, { time: '2017-10-02T18:43:48Z' })).toBe(true);
  });

  it('does not match a value without that prefix', () => {
    expect(matchesEventPattern({ time: [{ prefix: '2017-10-02' }] }, { time: '2017-10-03T18:43:48Z' })).toBe(false);
  });

  it('matches Auto Scaling events from European regions with "eu-"', () => {
    const pattern: EventPattern = { source: ['aws.autoscaling'], region: [{ prefix: 'eu-' }] };
    expect(matchesEventPattern(pattern, { source: 'aws.autoscaling', region: 'eu-west-1' })).toBe(true);
    expect(matchesEventPattern(pattern, { source: 'aws.autoscaling', region: 'us-east-1' })).toBe(false);
  });

  it('is case-sensitive', () => {
    expect(matchesEventPattern({ region: [{ prefix: 'eu-' }] }, { region: 'EU-west-1' })).toBe(false);
  });

  it('only matches strings, never numbers', () => {
    expect(matchesEventPattern({ detail: { code: [{ prefix: '12' }] } }, { detail: { code: 123 } })).toBe(false);
  });

  it('with equals-ignore-case matches "EventB" in any casing (the documented example)', () => {
    const pattern: EventPattern = { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } };
    for (const service of ['EventBridge', 'EVENTBRIDGE', 'eventbridge']) {
      expect(matchesEventPattern(pattern, { detail: { service } })).toBe(true);
    }
    expect(matchesEventPattern(pattern, { detail: { service: 'Event Bus' } })).toBe(false);
  });
});

// Page: "Content filtering in Amazon EventBridge event patterns", section "Suffix matching".
describe('suffix', () => {
  it('matches a FileName ending in ".png" (the documented example)', () => {
    expect(matchesEventPattern({ FileName: [{ suffix: '.png' }] }, { FileName: 'photo.png' })).toBe(true);
  });

  it('does not match a different ending, and is case-sensitive', () => {
    expect(matchesEventPattern({ FileName: [{ suffix: '.png' }] }, { FileName: 'photo.jpg' })).toBe(false);
    expect(matchesEventPattern({ FileName: [{ suffix: '.png' }] }, { FileName: 'photo.PNG' })).toBe(false);
  });

  it('with equals-ignore-case matches ".PNG" too (the documented example)', () => {
    const pattern: EventPattern = { detail: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } };
    expect(matchesEventPattern(pattern, { detail: { FileName: 'photo.PNG' } })).toBe(true);
    expect(matchesEventPattern(pattern, { detail: { FileName: 'photo.Png' } })).toBe(true);
    expect(matchesEventPattern(pattern, { detail: { FileName: 'photo.gif' } })).toBe(false);
  });

  it('only matches strings, never numbers', () => {
    expect(matchesEventPattern({ detail: { code: [{ suffix: '3' }] } }, { detail: { code: 123 } })).toBe(false);
  });
});

// Page: "Comparison operators for use in event patterns in Amazon EventBridge", row "Equals (ignore case)".
describe('equals-ignore-case', () => {
  it('matches "Alice" with "alice"', () => {
    expect(matchesEventPattern({ Name: [{ 'equals-ignore-case': 'alice' }] }, { Name: 'Alice' })).toBe(true);
    expect(matchesEventPattern({ Name: [{ 'equals-ignore-case': 'alice' }] }, { Name: 'ALICE' })).toBe(true);
  });

  it('still requires the whole value to be equal', () => {
    expect(matchesEventPattern({ Name: [{ 'equals-ignore-case': 'alice' }] }, { Name: 'Alicia' })).toBe(false);
  });

  it('only matches strings', () => {
    expect(matchesEventPattern({ flag: [{ 'equals-ignore-case': 'true' }] }, { flag: true })).toBe(false);
  });
});

// Page: "Content filtering in Amazon EventBridge event patterns", section "Matching using wildcards".
describe('wildcard', () => {
  it('matches "dir/*.png" against a file in dir', () => {
    expect(matchesEventPattern({ FileName: [{ wildcard: 'dir/*.png' }] }, { FileName: 'dir/holiday.png' })).toBe(true);
  });

  it('does not match a value outside the wildcard shape', () => {
    expect(matchesEventPattern({ FileName: [{ wildcard: 'dir/*.png' }] }, { FileName: 'other/holiday.png' })).toBe(false);
    expect(matchesEventPattern({ FileName: [{ wildcard: 'dir/*.png' }] }, { FileName: 'dir/holiday.png.bak' })).toBe(false);
  });

  it('lets * match an empty run of characters', () => {
    expect(matchesEventPattern({ FileName: [{ wildcard: 'dir/*.png' }] }, { FileName: 'dir/.png' })).toBe(true);
  });

  it('supports several wildcards in one value, e.g. an ARN in any account', () => {
    const pattern: EventPattern = { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] };
    expect(matchesEventPattern(pattern, { EventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/hub' })).toBe(true);
    expect(matchesEventPattern(pattern, { EventBusArn: 'arn:aws:events:eu-west-2:123456789012:event-bus/hub' })).toBe(false);
  });

  it('without a * requires the exact value', () => {
    expect(matchesEventPattern({ s: [{ wildcard: 'abc' }] }, { s: 'abc' })).toBe(true);
    expect(matchesEventPattern({ s: [{ wildcard: 'abc' }] }, { s: 'abcd' })).toBe(false);
  });

  it('does not let overlapping literals around a * share characters', () => {
    expect(matchesEventPattern({ s: [{ wildcard: 'ab*ba' }] }, { s: 'aba' })).toBe(false);
    expect(matchesEventPattern({ s: [{ wildcard: 'ab*ba' }] }, { s: 'abba' })).toBe(true);
  });

  it('treats \\* as a literal asterisk', () => {
    expect(matchesEventPattern({ s: [{ wildcard: 'a\\*b' }] }, { s: 'a*b' })).toBe(true);
    expect(matchesEventPattern({ s: [{ wildcard: 'a\\*b' }] }, { s: 'axb' })).toBe(false);
  });

  it('treats \\\\ as a literal backslash', () => {
    expect(matchesEventPattern({ s: [{ wildcard: 'C:\\\\*' }] }, { s: 'C:\\Windows' })).toBe(true);
  });

  it('accepts a literal * next to a wildcard (they are not consecutive wildcards)', () => {
    expect(matchesEventPattern({ s: [{ wildcard: '*\\**' }] }, { s: 'note*1' })).toBe(true);
    expect(matchesEventPattern({ s: [{ wildcard: '*\\**' }] }, { s: 'note1' })).toBe(false);
  });

  it('is case-sensitive and only matches strings', () => {
    expect(matchesEventPattern({ s: [{ wildcard: 'dir/*' }] }, { s: 'DIR/x' })).toBe(false);
    expect(matchesEventPattern({ s: [{ wildcard: '*' }] }, { s: 42 })).toBe(false);
  });
});

// Page: "Content filtering in Amazon EventBridge event patterns", section "Anything-but matching".
describe('anything-but', () => {
  it('with a string matches any other value and not that one', () => {
    const pattern: EventPattern = { detail: { state: [{ 'anything-but': 'initializing' }] } };
    expect(matchesEventPattern(pattern, { detail: { state: 'running' } })).toBe(true);
    expect(matchesEventPattern(pattern, { detail: { state: 'initializing' } })).toBe(false);
  });

  it('with a number matches any other number and not that one', () => {
    const pattern: EventPattern = { detail: { 'x-limit': [{ 'anything-but': 123 }] } };
    expect(matchesEventPattern(pattern, { detail: { 'x-limit': 124 } })).toBe(true);
    expect(matchesEventPattern(pattern, { detail: { 'x-limit': 123 } })).toBe(false);
  });

  it('with a list of strings excludes each of them', () => {
    const pattern: EventPattern = { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } };
    expect(matchesEventPattern(pattern, { detail: { state: 'running' } })).toBe(true);
    expect(matchesEventPattern(pattern, { detail: { state: 'stopped' } })).toBe(false);
    expect(matchesEventPattern(pattern, { detail: { state: 'overloaded' } })).toBe(false);
  });

  it('with a list of numbers excludes each of them', () => {
    const pattern: EventPattern = { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } };
    expect(matchesEventPattern(pattern, { detail: { 'x-limit': 150 } })).toBe(true);
    expect(matchesEventPattern(pattern, { detail: { 'x-limit': 200 } })).toBe(false);
  });

  it('excludes events whose "detail-type" is AWS API Call via CloudTrail', () => {
    const pattern: EventPattern = { 'detail-type': [{ 'anything-but': 'AWS API Call via CloudTrail' }] };
    expect(matchesEventPattern(pattern, { 'detail-type': 'Priority Published' })).toBe(true);
    expect(matchesEventPattern(pattern, { 'detail-type': 'AWS API Call via CloudTrail' })).toBe(false);
  });

  it('with a prefix does not match a value with that prefix', () => {
    const pattern: EventPattern = { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } };
    expect(matchesEventPattern(pattern, { detail: { state: 'initializing' } })).toBe(false);
    expect(matchesEventPattern(pattern, { detail: { state: 'running' } })).toBe(true);
  });

  it('with a prefix keeps only your own events, not those whose source begins "aws."', () => {
    const pattern: EventPattern = { source: [{ 'anything-but': { prefix: 'aws.' } }] };
    expect(matchesEventPattern(pattern, { source: 'partnership-hub' })).toBe(true);
    expect(matchesEventPattern(pattern, { source: 'aws.ec2' })).toBe(false);
  });

  it('with a suffix does not match a value with that suffix', () => {
    const pattern: EventPattern = { FileName: [{ 'anything-but': { suffix: '.png' } }] };
    expect(matchesEventPattern(pattern, { FileName: 'photo.png' })).toBe(false);
    expect(matchesEventPattern(pattern, { FileName: 'notes.txt' })).toBe(true);
  });

  it('with equals-ignore-case excludes every casing of the listed values', () => {
    const pattern: EventPattern = { detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['Stopped', 'OverLoaded'] } }] } };
    expect(matchesEventPattern(pattern, { detail: { state: 'STOPPED' } })).toBe(false);
    expect(matchesEventPattern(pattern, { detail: { state: 'overloaded' } })).toBe(false);
    expect(matchesEventPattern(pattern, { detail: { state: 'running' } })).toBe(true);
  });

  it('with a wildcard does not match a path that includes /lib/', () => {
    const pattern: EventPattern = { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] };
    expect(matchesEventPattern(pattern, { FilePath: '/usr/lib/node' })).toBe(false);
    expect(matchesEventPattern(pattern, { FilePath: '/usr/bin/node' })).toBe(true);
  });

  it('with a list of wildcards excludes a value matching any of them', () => {
    const pattern: EventPattern = { FilePath: [{ 'anything-but': { wildcard: ['*/lib/*', '*/bin/*'] } }] };
    expect(matchesEventPattern(pattern, { FilePath: '/usr/bin/node' })).toBe(false);
    expect(matchesEventPattern(pattern, { FilePath: '/home/me/node' })).toBe(true);
  });

  it('does not match a missing field', () => {
    expect(matchesEventPattern({ detail: { state: [{ 'anything-but': 'initializing' }] } }, { detail: {} })).toBe(false);
    expect(matchesEventPattern({ detail: { state: [{ 'anything-but': { prefix: 'init' } }] } }, {})).toBe(false);
  });

  it('matches a null value, which is present and not excluded', () => {
    expect(matchesEventPattern({ detail: { state: [{ 'anything-but': 'initializing' }] } }, { detail: { state: null } })).toBe(true);
  });

  it('does not exclude values of another type: the number 123 is not the string "123"', () => {
    expect(matchesEventPattern({ detail: { code: [{ 'anything-but': '123' }] } }, { detail: { code: 123 } })).toBe(true);
    expect(matchesEventPattern({ detail: { code: [{ 'anything-but': { prefix: '1' } }] } }, { detail: { code: 123 } })).toBe(true);
  });

  it('on an event array matches if any element is not excluded', () => {
    const pattern: EventPattern = { detail: { states: [{ 'anything-but': 'stopped' }] } };
    expect(matchesEventPattern(pattern, { detail: { states: ['stopped', 'running'] } })).toBe(true);
    expect(matchesEventPattern(pattern, { detail: { states: ['stopped', 'stopped'] } })).toBe(false);
  });
});

// Page: "Content filtering in Amazon EventBridge event patterns", section "Numeric matching".
describe('numeric', () => {
  const pattern: EventPattern = {
    detail: {
      'c-count': [{ numeric: ['>', 0, '<=', 5] }],
      'd-count': [{ numeric: ['<', 10] }],
      'x-limit': [{ numeric: ['=', 3.018e2] }],
    },
  };

  it('matches the documented pattern only when every field is in range', () => {
    expect(matchesEventPattern(pattern, { detail: { 'c-count': 5, 'd-count': 3, 'x-limit': 301.8 } })).toBe(true);
    expect(matchesEventPattern(pattern, { detail: { 'c-count': 6, 'd-count': 3, 'x-limit': 301.8 } })).toBe(false);
    expect(matchesEventPattern(pattern, { detail: { 'c-count': 5, 'd-count': 10, 'x-limit': 301.8 } })).toBe(false);
    expect(matchesEventPattern(pattern, { detail: { 'c-count': 5, 'd-count': 3, 'x-limit': 301.9 } })).toBe(false);
  });

  it('excludes the lower bound of ">" and includes the upper bound of "<="', () => {
    const range: EventPattern = { n: [{ numeric: ['>', 0, '<=', 5] }] };
    expect(matchesEventPattern(range, { n: 0 })).toBe(false);
    expect(matchesEventPattern(range, { n: 0.000001 })).toBe(true);
    expect(matchesEventPattern(range, { n: 5 })).toBe(true);
    expect(matchesEventPattern(range, { n: 5.000001 })).toBe(false);
  });

  it('includes the lower bound of ">=" and excludes the upper bound of "<"', () => {
    const range: EventPattern = { n: [{ numeric: ['>=', 10, '<', 20] }] };
    expect(matchesEventPattern(range, { n: 10 })).toBe(true);
    expect(matchesEventPattern(range, { n: 9.999999 })).toBe(false);
    expect(matchesEventPattern(range, { n: 20 })).toBe(false);
  });

  it('supports each one-sided operator', () => {
    expect(matchesEventPattern({ n: [{ numeric: ['>=', 3] }] }, { n: 3 })).toBe(true);
    expect(matchesEventPattern({ n: [{ numeric: ['>', 3] }] }, { n: 3 })).toBe(false);
    expect(matchesEventPattern({ n: [{ numeric: ['<=', 3] }] }, { n: 3 })).toBe(true);
    expect(matchesEventPattern({ n: [{ numeric: ['<', 3] }] }, { n: 3 })).toBe(false);
    expect(matchesEventPattern({ n: [{ numeric: ['=', -2.5] }] }, { n: -2.5 })).toBe(true);
  });

  it('matches the "Price is more than 10, and less than or equal to 20" example', () => {
    const price: EventPattern = { Price: [{ numeric: ['>', 10, '<=', 20] }] };
    expect(matchesEventPattern(price, { Price: 15 })).toBe(true);
    expect(matchesEventPattern(price, { Price: 10 })).toBe(false);
  });

  it('only matches JSON numbers, not numeric strings', () => {
    expect(matchesEventPattern({ n: [{ numeric: ['>', 0] }] }, { n: '5' })).toBe(false);
  });

  it('never matches event numbers outside the documented range of -5e9 to 5e9', () => {
    expect(matchesEventPattern({ n: [{ numeric: ['>', 0] }] }, { n: 5e9 })).toBe(true);
    expect(matchesEventPattern({ n: [{ numeric: ['>', 0] }] }, { n: 6e9 })).toBe(false);
  });

  it('matches if any element of an event array is in range', () => {
    expect(matchesEventPattern({ n: [{ numeric: ['>', 10] }] }, { n: [1, 2, 11] })).toBe(true);
    expect(matchesEventPattern({ n: [{ numeric: ['>', 10] }] }, { n: [1, 2, 3] })).toBe(false);
  });
});

// Page: "Content filtering in Amazon EventBridge event patterns", section "IP address matching".
describe('cidr', () => {
  const pattern: EventPattern = { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } };

  it('matches an IPv4 address inside 10.0.0.0/24', () => {
    expect(matchesEventPattern(pattern, { detail: { sourceIPAddress: '10.0.0.33' } })).toBe(true);
    expect(matchesEventPattern(pattern, { detail: { sourceIPAddress: '10.0.0.255' } })).toBe(true);
  });

  it('does not match an address outside the block', () => {
    expect(matchesEventPattern(pattern, { detail: { sourceIPAddress: '10.0.1.1' } })).toBe(false);
  });

  it('does not match strings that are not IP addresses, or non-strings', () => {
    expect(matchesEventPattern(pattern, { detail: { sourceIPAddress: '10.0.0.999' } })).toBe(false);
    expect(matchesEventPattern(pattern, { detail: { sourceIPAddress: 'localhost' } })).toBe(false);
    expect(matchesEventPattern(pattern, { detail: { sourceIPAddress: 167772161 } })).toBe(false);
  });

  it('matches IPv6 addresses, including compressed forms', () => {
    const v6: EventPattern = { ip: [{ cidr: '2001:db8::/32' }] };
    expect(matchesEventPattern(v6, { ip: '2001:db8:0:0:1::1' })).toBe(true);
    expect(matchesEventPattern(v6, { ip: '2001:0DB8:ffff::' })).toBe(true);
    expect(matchesEventPattern(v6, { ip: '2001:db9::1' })).toBe(false);
  });

  it('does not match an IPv4 address against an IPv6 block', () => {
    expect(matchesEventPattern({ ip: [{ cidr: '::/0' }] }, { ip: '10.0.0.1' })).toBe(false);
  });
});

// Page: "Content filtering in Amazon EventBridge event patterns", section "Exists matching".
describe('exists', () => {
  const noCCount: EventPattern = { detail: { 'c-count': [{ exists: false }] } };

  it('exists:false matches the documented event that has no detail.c-count', () => {
    const event = {
      'detail-type': ['EC2 Instance State-change Notification'],
      resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-02ebd4584a2ebd341'],
      detail: { state: ['initializing', 'running'] },
    };
    expect(matchesEventPattern(noCCount, event)).toBe(true);
  });

  it('exists:false also matches when c-count is an object, because it is not a leaf (documented)', () => {
    const event = {
      'detail-type': ['EC2 Instance State-change Notification'],
      resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-02ebd4584a2ebd341'],
      detail: { state: ['initializing', 'running'], 'c-count': { c1: 100 } },
    };
    expect(matchesEventPattern(noCCount, event)).toBe(true);
  });

  it('exists:false does not match when the leaf is present', () => {
    expect(matchesEventPattern(noCCount, { detail: { 'c-count': 0 } })).toBe(false);
  });

  it('exists:false matches when the parent object is missing too', () => {
    expect(matchesEventPattern(noCCount, { source: 'aws.ec2' })).toBe(true);
  });

  it('exists:true matches a present leaf, whatever its value', () => {
    const description: EventPattern = { detail: { description: [{ exists: true }] } };
    expect(matchesEventPattern(description, { detail: { description: 'x' } })).toBe(true);
    expect(matchesEventPattern(description, { detail: { description: '' } })).toBe(true);
    expect(matchesEventPattern(description, { detail: { description: false } })).toBe(true);
  });

  it('exists:true matches a field whose value is null (the field is present)', () => {
    expect(matchesEventPattern({ detail: { d: [{ exists: true }] } }, { detail: { d: null } })).toBe(true);
  });

  it('exists:true does not match a missing field', () => {
    expect(matchesEventPattern({ detail: { d: [{ exists: true }] } }, { detail: {} })).toBe(false);
  });

  it('exists:true does not match an object, which is not a leaf', () => {
    expect(matchesEventPattern({ detail: { d: [{ exists: true }] } }, { detail: { d: { e: 1 } } })).toBe(false);
  });

  it('treats an empty array as having no leaf: exists:true fails and exists:false matches', () => {
    expect(matchesEventPattern({ resources: [{ exists: true }] }, { resources: [] })).toBe(false);
    expect(matchesEventPattern({ resources: [{ exists: false }] }, { resources: [] })).toBe(true);
    expect(matchesEventPattern({ resources: [{ exists: true }] }, { resources: ['arn'] })).toBe(true);
  });

  it('can be one alternative among values: a specific value or absent', () => {
    const pattern: EventPattern = { detail: { channel: ['email', { exists: false }] } };
    expect(matchesEventPattern(pattern, { detail: {} })).toBe(true);
    expect(matchesEventPattern(pattern, { detail: { channel: 'email' } })).toBe(true);
    expect(matchesEventPattern(pattern, { detail: { channel: 'sms' } })).toBe(false);
  });
});

describe('a field absent from the event fails every matcher except exists:false', () => {
  const absentCases: [string, EventPattern][] = [
    ['an exact value', { detail: { f: ['x'] } }],
    ['null', { detail: { f: [null] } }],
    ['the empty string', { detail: { f: [''] } }],
    ['prefix', { detail: { f: [{ prefix: '' }] } }],
    ['suffix', { detail: { f: [{ suffix: 'x' }] } }],
    ['equals-ignore-case', { detail: { f: [{ 'equals-ignore-case': 'x' }] } }],
    ['wildcard', { detail: { f: [{ wildcard: '*' }] } }],
    ['anything-but', { detail: { f: [{ 'anything-but': 'x' }] } }],
    ['anything-but with a suffix', { detail: { f: [{ 'anything-but': { suffix: 'x' } }] } }],
    ['numeric', { detail: { f: [{ numeric: ['>=', -5e9] }] } }],
    ['cidr', { detail: { f: [{ cidr: '0.0.0.0/0' }] } }],
    ['exists:true', { detail: { f: [{ exists: true }] } }],
  ];

  it.each(absentCases)('%s does not match a missing field', (_name, pattern) => {
    expect(matchesEventPattern(pattern, { detail: { other: 'x' } })).toBe(false);
  });

  it('exists:false does match it', () => {
    expect(matchesEventPattern({ detail: { f: [{ exists: false }] } }, { detail: { other: 'x' } })).toBe(true);
  });

  it('a match-anything wildcard does match a present string, showing the absence is what fails', () => {
    expect(matchesEventPattern({ detail: { f: [{ wildcard: '*' }] } }, { detail: { f: '' } })).toBe(true);
  });
});

// Page: "Content filtering in Amazon EventBridge event patterns", sections "Complex example with
// multiple matching" and "Complex example with $or matching".
describe('$or', () => {
  it('matches if any sub-pattern matches, inside detail (the documented numeric $or example)', () => {
    const pattern: EventPattern = {
      detail: {
        $or: [
          { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] },
          { 'd-count': [{ numeric: ['<', 10] }] },
          { 'x-limit': [{ numeric: ['=', 3.018e2] }] },
        ],
      },
    };
    expect(matchesEventPattern(pattern, { detail: { 'c-count': 9, 'd-count': 100, 'x-limit': 301.8 } })).toBe(true);
    expect(matchesEventPattern(pattern, { detail: { 'd-count': 3 } })).toBe(true);
    expect(matchesEventPattern(pattern, { detail: { 'c-count': 9, 'd-count': 100, 'x-limit': 1 } })).toBe(false);
  });

  it('is ANDed with sibling fields: source && (metricName || namespace)', () => {
    const pattern: EventPattern = {
      source: ['aws.cloudwatch'],
      $or: [{ metricName: ['CPUUtilization', 'ReadLatency'] }, { namespace: ['AWS/EC2', 'AWS/ES'] }],
    };
    expect(matchesEventPattern(pattern, { source: 'aws.cloudwatch', namespace: 'AWS/ES' })).toBe(true);
    expect(matchesEventPattern(pattern, { source: 'aws.cloudwatch', metricName: 'Other' })).toBe(false);
    expect(matchesEventPattern(pattern, { source: 'aws.ec2', metricName: 'CPUUtilization' })).toBe(false);
  });

  it('matches "Location is New York, or Day is Monday" from the operators table', () => {
    const pattern: EventPattern = { $or: [{ Location: ['New York'] }, { Day: ['Monday'] }] };
    expect(matchesEventPattern(pattern, { Location: 'Paris', Day: 'Monday' })).toBe(true);
    expect(matchesEventPattern(pattern, { Location: 'Paris', Day: 'Tuesday' })).toBe(false);
  });

  it('lets a branch require several fields together (an AND inside an OR)', () => {
    const pattern: EventPattern = {
      $or: [{ metricName: ['CPUUtilization'] }, { metricType: ['MetricType'], namespace: ['AWS/EC2'] }],
    };
    expect(matchesEventPattern(pattern, { metricType: 'MetricType', namespace: 'AWS/EC2' })).toBe(true);
    expect(matchesEventPattern(pattern, { metricType: 'MetricType', namespace: 'AWS/S3' })).toBe(false);
  });

  it('nests: an $or inside an $or branch', () => {
    const pattern: EventPattern = {
      source: ['aws.cloudwatch'],
      $or: [{ metricName: ['CPUUtilization'] }, { namespace: ['AWS/EC2'], $or: [{ metricId: [1234] }, { spaceId: [1000] }] }],
    };
    expect(matchesEventPattern(pattern, { source: 'aws.cloudwatch', namespace: 'AWS/EC2', spaceId: 1000 })).toBe(true);
    expect(matchesEventPattern(pattern, { source: 'aws.cloudwatch', namespace: 'AWS/EC2', spaceId: 1 })).toBe(false);
  });

  it('runs parallel $or groups at different levels, each of which must hold', () => {
    const pattern: EventPattern = {
      $or: [{ metricName: ['CPUUtilization'] }, { namespace: ['AWS/EC2'] }],
      detail: { $or: [{ source: ['aws.cloudwatch'] }, { 'detail-type': ['CloudWatch Alarm State Change'] }] },
    };
    expect(matchesEventPattern(pattern, { namespace: 'AWS/EC2', detail: { source: 'aws.cloudwatch' } })).toBe(true);
    expect(matchesEventPattern(pattern, { namespace: 'AWS/EC2', detail: { source: 'aws.ec2' } })).toBe(false);
  });

  it('lets a branch be an exists:false test', () => {
    const pattern: EventPattern = { detail: { $or: [{ reviewedBy: [{ exists: false }] }, { reviewedBy: ['admin'] }] } };
    expect(matchesEventPattern(pattern, { detail: {} })).toBe(true);
    expect(matchesEventPattern(pattern, { detail: { reviewedBy: 'someone' } })).toBe(false);
  });
});

describe('Complex example with multiple matching', () => {
  const pattern: EventPattern = {
    time: [{ prefix: '2017-10-02' }],
    detail: {
      state: [{ 'anything-but': 'initializing' }],
      'c-count': [{ numeric: ['>', 0, '<=', 5] }],
      'd-count': [{ numeric: ['<', 10] }],
      'x-limit': [{ 'anything-but': [100, 200, 300] }],
    },
  };
  const event = {
    'detail-type': 'EC2 Instance State-change Notification',
    source: 'aws.ec2',
    time: '2017-10-02T16:24:49Z',
    detail: { 'c-count': 5, 'd-count': 3, 'x-limit': 301.8, 'source-ip': '10.0.0.33', state: 'running' },
  };

  it('matches an event satisfying every operator at once', () => {
    expect(matchesEventPattern(pattern, event)).toBe(true);
  });

  it('fails if any one operator fails', () => {
    expect(matchesEventPattern(pattern, { ...event, time: '2017-10-03T00:00:00Z' })).toBe(false);
    expect(matchesEventPattern(pattern, { ...event, detail: { ...event.detail, state: 'initializing' } })).toBe(false);
    expect(matchesEventPattern(pattern, { ...event, detail: { ...event.detail, 'x-limit': 200 } })).toBe(false);
  });
});

describe('the event argument', () => {
  it('is treated as having no fields when it is not an object', () => {
    expect(matchesEventPattern({ source: ['aws.ec2'] }, null)).toBe(false);
    expect(matchesEventPattern({ source: [{ exists: false }] }, 'not an event')).toBe(true);
  });

  it('can be tested many times against one compiled pattern', () => {
    const isHubPriority = compileEventPattern({ source: ['partnership-hub'], 'detail-type': [{ prefix: 'Priority ' }] });
    expect(isHubPriority({ source: 'partnership-hub', 'detail-type': 'Priority Published' })).toBe(true);
    expect(isHubPriority({ source: 'partnership-hub', 'detail-type': 'Protocol Agreed' })).toBe(false);
  });
});

describe('malformed patterns throw an EventPatternError naming the JSON path', () => {
  it('rejects a pattern that is not an object', () => {
    expectRejected(null, '', /must be a JSON object/);
    expectRejected(['aws.ec2'], '', /must be a JSON object/);
    expectRejected('{"source":["aws.ec2"]}', '', /must be a JSON object/);
  });

  it('rejects an empty pattern and an empty nested object', () => {
    expectRejected({}, '', /empty objects/);
    expectRejected({ detail: {} }, 'detail', /empty objects/);
  });

  it('rejects a leaf that is not an array', () => {
    expectRejected({ source: 'aws.ec2' }, 'source', /must be an array of values/);
    expectRejected({ detail: { risk: 8 } }, 'detail.risk', /must be an array of values/);
    expectRejected({ detail: { risk: null } }, 'detail.risk', /must be an array of values/);
  });

  it('rejects an empty array', () => {
    expectRejected({ detail: { themes: [] } }, 'detail.themes', /empty arrays/);
  });

  it('rejects nested arrays in a list of values', () => {
    expectRejected({ detail: { themes: [['a']] } }, 'detail.themes', /nested arrays/);
  });

  it('rejects an unknown operator such as "begins-with"', () => {
    expectRejected({ detail: { themes: [{ 'begins-with': 'a' }] } }, 'detail.themes', /unknown operator "begins-with"/);
  });

  it('rejects an operator object with no key or with two keys', () => {
    expectRejected({ detail: { themes: [{}] } }, 'detail.themes', /exactly one key, got none/);
    expectRejected({ detail: { themes: [{ prefix: 'a', suffix: 'b' }] } }, 'detail.themes', /exactly one key, got "prefix", "suffix"/);
  });

  it('rejects prefix, suffix, equals-ignore-case and wildcard operands that are not strings', () => {
    expectRejected({ f: [{ prefix: 1 }] }, 'f', /"prefix" needs a string/);
    expectRejected({ f: [{ suffix: ['a'] }] }, 'f', /"suffix" needs a string/);
    expectRejected({ f: [{ 'equals-ignore-case': null }] }, 'f', /"equals-ignore-case" needs a string/);
    expectRejected({ f: [{ wildcard: 7 }] }, 'f', /"wildcard" needs a string/);
  });

  it('rejects anything but equals-ignore-case nested inside prefix or suffix', () => {
    expectRejected({ f: [{ prefix: { wildcard: 'a*' } }] }, 'f', /supports only "equals-ignore-case"/);
    expectRejected({ f: [{ suffix: { 'equals-ignore-case': 3 } }] }, 'f', /needs a string/);
  });

  it('rejects consecutive wildcards and backslashes that escape anything but * or \\', () => {
    expectRejected({ f: [{ wildcard: 'a**b' }] }, 'f', /consecutive/);
    expectRejected({ f: [{ wildcard: 'a\\b' }] }, 'f', /backslash/);
    expectRejected({ f: [{ wildcard: 'trailing\\' }] }, 'f', /backslash/);
    expectRejected({ f: [{ 'anything-but': { wildcard: '**' } }] }, 'f', /consecutive/);
  });

  it('rejects numeric operands that are not operator/value pairs', () => {
    expectRejected({ detail: { themes: [{ numeric: ['>'] }] } }, 'detail.themes', /"numeric" needs operator\/value pairs/);
    expectRejected({ detail: { themes: [{ numeric: [] }] } }, 'detail.themes', /"numeric" needs operator\/value pairs/);
    expectRejected({ detail: { themes: [{ numeric: 5 }] } }, 'detail.themes', /"numeric" needs operator\/value pairs/);
    expectRejected({ n: [{ numeric: ['>', 0, '<', 5, '<', 6] }] }, 'n', /at most two/);
  });

  it('rejects unknown numeric operators and non-number values', () => {
    expectRejected({ n: [{ numeric: ['!=', 5] }] }, 'n', /operator must be one of/);
    expectRejected({ n: [{ numeric: [5, '>'] }] }, 'n', /operator must be one of/);
    expectRejected({ n: [{ numeric: ['>', '5'] }] }, 'n', /needs a number, got "5"/);
  });

  it('rejects numeric values outside -5e9..5e9 or with more than six decimal places', () => {
    expectRejected({ n: [{ numeric: ['>', 5000000001] }] }, 'n', /outside the range/);
    expectRejected({ n: [{ numeric: ['<', -6e9] }] }, 'n', /outside the range/);
    expectRejected({ n: [{ numeric: ['=', 0.1234567] }] }, 'n', /more than 6 digits/);
    expectRejected({ n: [{ numeric: ['=', 1e-7] }] }, 'n', /more than 6 digits/);
  });

  it('accepts the boundaries of the numeric range and six decimal places', () => {
    expect(() => validateEventPattern({ n: [{ numeric: ['>=', -5e9, '<=', 5e9] }] })).not.toThrow();
    expect(() => validateEventPattern({ n: [{ numeric: ['=', 0.123456] }] })).not.toThrow();
  });

  it('rejects a two-sided range that is not lower-then-upper, or that is empty', () => {
    expectRejected({ n: [{ numeric: ['<', 5, '>', 0] }] }, 'n', /lower bound .* followed by an upper bound/);
    expectRejected({ n: [{ numeric: ['=', 5, '<', 6] }] }, 'n', /lower bound .* followed by an upper bound/);
    expectRejected({ n: [{ numeric: ['>', 5, '<', 5] }] }, 'n', /must be less than upper bound/);
  });

  it('rejects anything-but operands of the wrong shape', () => {
    expectRejected({ f: [{ 'anything-but': null }] }, 'f', /"anything-but" needs/);
    expectRejected({ f: [{ 'anything-but': true }] }, 'f', /"anything-but" needs/);
    expectRejected({ f: [{ 'anything-but': ['a', 1] }] }, 'f', /only strings or only numbers/);
    expectRejected({ f: [{ 'anything-but': [] }] }, 'f', /non-empty/);
    expectRejected({ f: [{ 'anything-but': { numeric: ['>', 1] } }] }, 'f', /"anything-but" needs/);
    expectRejected({ f: [{ 'anything-but': { prefix: '' } }] }, 'f', /cannot be an empty string/);
    expectRejected({ f: [{ 'anything-but': { 'equals-ignore-case': 5 } }] }, 'f', /needs a string or a non-empty list/);
    expectRejected({ f: [{ 'anything-but': 6e9 }] }, 'f', /outside the range/);
  });

  it('rejects exists with a non-boolean operand', () => {
    expectRejected({ f: [{ exists: 'true' }] }, 'f', /"exists" needs true or false/);
  });

  it('rejects cidr operands that are not an IP block', () => {
    expectRejected({ ip: [{ cidr: '10.0.0.0' }] }, 'ip', /"cidr" needs/);
    expectRejected({ ip: [{ cidr: '10.0.0.0/33' }] }, 'ip', /"cidr" needs/);
    expectRejected({ ip: [{ cidr: '300.0.0.0/8' }] }, 'ip', /"cidr" needs/);
    expectRejected({ ip: [{ cidr: 42 }] }, 'ip', /"cidr" needs/);
  });

  it('rejects an $or that is not an array of at least two objects', () => {
    expectRejected({ detail: { $or: { a: ['x'] } } }, 'detail.$or', /at least two sub-patterns/);
    expectRejected({ $or: [{ a: ['x'] }] }, '$or', /at least two sub-patterns/);
    expectRejected({ $or: [{ a: ['x'] }, 'b'] }, '$or[1]', /must be an object/);
    expectRejected({ $or: [{ a: ['x'] }, {}] }, '$or[1]', /empty objects/);
  });

  it('reports the path inside an $or branch', () => {
    expectRejected({ detail: { $or: [{ a: ['x'] }, { b: [{ prefix: 3 }] }] } }, 'detail.$or[1].b', /"prefix" needs a string/);
  });

  it('rejects an operator name used as a field inside $or', () => {
    expectRejected({ $or: [{ prefix: ['a'] }, { b: ['x'] }] }, '$or[0].prefix', /is an operator, not a field name/);
  });

  it('quotes field names that would make the path ambiguous', () => {
    expectRejected({ 'a.b': 'x' }, '["a.b"]', /must be an array/);
  });

  it('throws for a malformed pattern even when the event would otherwise match', () => {
    const pattern = raw({ source: ['aws.ec2'], detail: { themes: [{ 'begins-with': 'a' }] } });
    expect(() => matchesEventPattern(pattern, { source: 'aws.ec2', detail: { themes: 'a' } })).toThrow(EventPatternError);
    expect(() => matchesEventPattern(raw({ source: ['aws.ec2'], detail: { x: [] } }), { source: 'aws.ec2' })).toThrow(EventPatternError);
  });

  it('is an Error named EventPatternError with the path and problem in its message', () => {
    let caught: unknown;
    try {
      validateEventPattern({ detail: { themes: [{ numeric: ['>'] }] } });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(Error);
    expect((caught as Error).name).toBe('EventPatternError');
    expect((caught as Error).message).toMatch(/^detail\.themes: "numeric" needs operator\/value pairs/);
  });

  it('validateEventPattern accepts every documented operator form', () => {
    const everything = {
      source: ['aws.ec2', 1, true, null, ''],
      detail: {
        a: [{ prefix: 'x' }, { prefix: { 'equals-ignore-case': 'x' } }],
        b: [{ suffix: 'x' }, { suffix: { 'equals-ignore-case': 'x' } }],
        c: [{ 'equals-ignore-case': 'x' }, { wildcard: 'x*y\\*z\\\\' }],
        d: [
          { 'anything-but': 'x' },
          { 'anything-but': 1 },
          { 'anything-but': ['x', 'y'] },
          { 'anything-but': [1, 2] },
          { 'anything-but': { prefix: 'x' } },
          { 'anything-but': { suffix: ['x', 'y'] } },
          { 'anything-but': { 'equals-ignore-case': ['x'] } },
          { 'anything-but': { wildcard: '*x*' } },
        ],
        e: [{ numeric: ['=', 1] }, { numeric: ['>=', 0, '<', 1] }, { exists: true }, { cidr: '::1/128' }],
        $or: [{ f: ['x'] }, { g: { h: [{ exists: false }] } }],
      },
    };
    expect(() => validateEventPattern(everything)).not.toThrow();
  });
});
