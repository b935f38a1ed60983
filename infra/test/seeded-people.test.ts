import { southYorkshire } from '@partnership-hub/seed';
import { InMemoryMembershipStore } from '@partnership-hub/store';
import { describe, expect, it } from 'vitest';
import { seededDomain, seededPeople, seedPeople } from '../src/local/people.ts';

describe("the local run's seeded people", () => {
  const people = seededPeople(southYorkshire);

  it('give every seeded body an editor and a lead, on its own example domain, with a viewer and a panel member besides', () => {
    for (const organisation of southYorkshire.organisations) {
      const roles = people.filter((person) => person.organisationId === organisation.id).map((person) => person.role);
      expect(roles).toEqual(expect.arrayContaining(['editor', 'lead']));
    }
    expect(people.every((person) => person.email.endsWith(`@${seededDomain(person.organisationId)}`))).toBe(true);
    expect(people.every((person) => person.email.endsWith('.example'))).toBe(true);
    expect(people.find((person) => person.email === 'editor@safer-rotherham-partnership.example')).toMatchObject({ role: 'editor' });
    expect(people.filter((person) => person.role === 'viewer').map((person) => person.email)).toContain(
      'panel.member@south-yorkshire-police-and-crime-panel.example',
    );
    expect(new Set(people.map((person) => person.email)).size).toBe(people.length);
  });

  it('are made members of their bodies, and seeding again changes nothing', async () => {
    const memberships = new InMemoryMembershipStore();
    let ids = 0;
    const next = () => `person-${++ids}`;
    await seedPeople(memberships, southYorkshire.id, people, '2026-11-30T09:00:00.000Z', next);
    const rotherham = await memberships.members(southYorkshire.id, 'safer-rotherham-partnership');
    await seedPeople(memberships, southYorkshire.id, people, '2026-12-01T09:00:00.000Z', next);

    expect(await memberships.members(southYorkshire.id, 'safer-rotherham-partnership')).toEqual(rotherham);
    expect(rotherham.members.map((member) => member.role).sort()).toEqual(['editor', 'lead']);
    expect(await memberships.bodiesOf('lead@safer-rotherham-partnership.example')).toEqual([
      { areaId: southYorkshire.id, organisationId: 'safer-rotherham-partnership', role: 'lead' },
    ]);
  });
});
