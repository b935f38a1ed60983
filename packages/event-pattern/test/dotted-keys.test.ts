import { describe, expect, it } from 'vitest';
import { compileEventPattern, type EventPattern, matchesEventPattern } from '../src/pattern.ts';

// Page: "Creating event patterns in EventBridge", considerations: EventBridge uses "." as the joining
// character when it compiles an event pattern, so nested keys and dotted keys name the same field
// (TestEventPattern agrees); and where a pattern gives the same field twice, only the last one is used.
describe('dotted keys: EventBridge joins nested keys with "."', () => {
  const nested = { detail: { state: { status: 'active' } } };
  const dotted = { detail: { 'state.status': 'active' } };

  it('matches a pattern key "state.status" against the nested event field state.status', () => {
    expect(matchesEventPattern({ detail: { 'state.status': ['active'] } }, nested)).toBe(true);
    expect(matchesEventPattern({ 'detail.state.status': ['active'] }, nested)).toBe(true);
    expect(matchesEventPattern({ detail: { 'state.status': ['closed'] } }, nested)).toBe(false);
  });

  it('matches a nested pattern against an event key written "state.status"', () => {
    expect(matchesEventPattern({ detail: { state: { status: ['active'] } } }, dotted)).toBe(true);
    expect(matchesEventPattern({ 'detail.state': { status: ['active'] } }, dotted)).toBe(true);
    expect(matchesEventPattern({ detail: { state: { status: ['closed'] } } }, dotted)).toBe(false);
  });

  it('matches a dotted pattern key against a dotted event key, and any split of one against the other', () => {
    const event = { 'detail.state': { status: 'active' } };
    expect(matchesEventPattern({ 'detail.state.status': ['active'] }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { 'state.status': ['active'] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { state: { status: ['active'] } } }, event)).toBe(true);
  });

  it('treats exists the same way: a dotted event key is a present field', () => {
    expect(matchesEventPattern({ detail: { state: { status: [{ exists: true }] } } }, dotted)).toBe(true);
    expect(matchesEventPattern({ detail: { state: { status: [{ exists: false }] } } }, dotted)).toBe(false);
    expect(matchesEventPattern({ detail: { 'state.other': [{ exists: false }] } }, nested)).toBe(true);
  });

  it('puts fields reached by both spellings in one object, so they must hold together', () => {
    const event = { detail: { state: { status: 'active' }, 'state.owner': 'csp' } };
    expect(matchesEventPattern({ detail: { state: { status: ['active'], owner: ['csp'] } } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { 'state.status': ['active'], state: { owner: ['csp'] } } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { state: { status: ['active'], owner: ['pcc'] } } }, event)).toBe(false);
  });

  it('keeps both values when an event gives the same field in both spellings', () => {
    const event = { detail: { state: { status: 'active' }, 'state.status': 'closed' } };
    expect(matchesEventPattern({ detail: { state: { status: ['active'] } } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { 'state.status': ['closed'] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { 'state.status': [{ 'anything-but': ['active', 'closed'] }] } }, event)).toBe(false);
  });

  it('uses only the last pattern for a field given twice, whichever spelling each uses', () => {
    const pattern: EventPattern = { detail: { 'state.status': ['closed'], state: { status: ['active'] } } };
    expect(matchesEventPattern(pattern, nested)).toBe(true);
    const reversed: EventPattern = { detail: { state: { status: ['active'] }, 'state.status': ['closed'] } };
    expect(matchesEventPattern(reversed, nested)).toBe(false);
  });

  it('lets a field outside an event array go with any element of it', () => {
    const event = { detail: { items: [{ kind: 'report' }, { kind: 'review' }], 'items.status': 'planned' } };
    expect(matchesEventPattern({ detail: { items: { kind: ['review'], status: ['planned'] } } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { items: { kind: ['meeting'], status: ['planned'] } } }, event)).toBe(false);
  });

  it('still keeps fields from different array elements apart', () => {
    const event = { employees: [{ 'name.first': 'Anna', 'name.last': 'Smith' }, { name: { first: 'Peter', last: 'Jones' } }] };
    expect(matchesEventPattern({ 'employees.name': { first: ['Anna'], last: ['Smith'] } }, event)).toBe(true);
    expect(matchesEventPattern({ 'employees.name': { first: ['Anna'], last: ['Jones'] } }, event)).toBe(false);
  });

  it('keeps a leaf and the fields under the same name apart: "a" and "a.b" are different fields', () => {
    const event = { a: 5, 'a.b': 1 };
    expect(matchesEventPattern({ a: [5], 'a.b': [1] }, event)).toBe(true);
    expect(matchesEventPattern({ a: { b: [1] } }, event)).toBe(true);
    expect(matchesEventPattern({ a: [1] }, event)).toBe(false);
  });

  it('does not change the event it is given', () => {
    const event = { detail: { 'state.status': 'active', state: { owner: 'csp' } } };
    const copy = structuredClone(event);
    compileEventPattern({ detail: { state: { status: ['active'] } } })(event);
    expect(event).toEqual(copy);
  });
});
