import { describe, expect, it } from 'vitest';
import { checkPrecondition, parseIfMatch, VersionConflictError } from '../src/index.ts';

describe('checkPrecondition', () => {
  it('lets any write through when no If-Match was sent, whether or not the subject exists', () => {
    expect(() => checkPrecondition({ kind: 'none' }, undefined, 'Priority p1')).not.toThrow();
    expect(() => checkPrecondition({ kind: 'none' }, 4, 'Priority p1')).not.toThrow();
  });

  it('accepts the version the subject is at', () => {
    expect(() => checkPrecondition({ kind: 'version', version: 3 }, 3, 'Priority p1')).not.toThrow();
  });

  it('rejects a stale version, saying which version is current', () => {
    const act = () => checkPrecondition({ kind: 'version', version: 2 }, 3, 'Priority p1');

    expect(act).toThrow(VersionConflictError);
    expect(act).toThrow(expect.objectContaining({ currentVersion: 3 }));
  });

  it('rejects a version for a subject that does not exist', () => {
    const act = () => checkPrecondition({ kind: 'version', version: 1 }, undefined, 'Priority p1');

    expect(act).toThrow(expect.objectContaining({ name: 'VersionConflictError', currentVersion: undefined }));
  });

  it('accepts * when the subject exists at any version', () => {
    expect(() => checkPrecondition({ kind: 'any' }, 7, 'Priority p1')).not.toThrow();
  });

  it('rejects * when the subject does not exist', () => {
    expect(() => checkPrecondition({ kind: 'any' }, undefined, 'Priority p1')).toThrow(VersionConflictError);
  });

  it('lets If-None-Match: * through only when the subject does not exist', () => {
    expect(() => checkPrecondition({ kind: 'absent' }, undefined, 'Priority p1')).not.toThrow();
    expect(() => checkPrecondition({ kind: 'absent' }, 2, 'Priority p1')).toThrow(expect.objectContaining({ currentVersion: 2 }));
  });
});

describe('parseIfMatch', () => {
  it.each([
    ['a bare version', '3'],
    ['a strong ETag', '"3"'],
    ['an ETag with surrounding spaces', '  "3" '],
  ])('reads %s as that version', (_description, header) => {
    expect(parseIfMatch(header)).toEqual({ kind: 'version', version: 3 });
  });

  it('reads multi-digit versions as numbers', () => {
    expect(parseIfMatch('"1024"')).toEqual({ kind: 'version', version: 1024 });
  });

  it('reads * as "any current version"', () => {
    expect(parseIfMatch('*')).toEqual({ kind: 'any' });
  });

  it('reads no header as no precondition', () => {
    expect(parseIfMatch(undefined)).toEqual({ kind: 'none' });
  });

  it.each([
    ['an empty header', ''],
    ['a blank header', '   '],
  ])('rejects %s as empty, rather than reading it as no precondition', (_description, header) => {
    expect(parseIfMatch(header)).toEqual({ kind: 'invalid', reason: 'empty' });
  });

  it('reads a weak ETag as a weak one, which never matches a write', () => {
    expect(parseIfMatch('W/"3"')).toEqual({ kind: 'weak', tag: 'W/"3"' });
  });

  it.each([
    ['a word', 'abc'],
    ['a quoted word', '"abc"'],
    ['a negative number', '-1'],
    ['a decimal', '1.5'],
    ['a list of ETags', '"1", "2"'],
    ['a version longer than ten digits', '12345678901'],
    ['an ETag missing its closing quote', '"3'],
    ['a weak ETag that is not a version', 'W/"abc"'],
  ])('rejects %s', (_description, header) => {
    expect(parseIfMatch(header)).toEqual({ kind: 'invalid', reason: 'unreadable' });
  });
});
