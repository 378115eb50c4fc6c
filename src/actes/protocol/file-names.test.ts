// File names of the protocol (§3), checked against the examples of the specification and real files.
import { describe, expect, it } from 'vitest';
import {
  actBaseName,
  archiveFileName,
  classificationRequestFileName,
  documentFileName,
  envelopeAnomalyFileName,
  envelopeFileName,
  messageFileName,
  parseArchiveFileName,
  parseEnvelopeFileName,
  prefectureEnvelopeFileName,
  prefectureMessageFileName,
  unattachedMessageFileName,
} from './file-names.ts';

const act = {
  departement: '079',
  siren: '217901234',
  decisionDate: '2024-01-15',
  numeroInterne: 'DEL2024_01',
  natureAbbrev: 'DE',
};

describe('file names', () => {
  it('names the message and the documents of an act as the specification shows', () => {
    const base = actBaseName(act, '1-1');
    expect(base).toBe('079-217901234-20240115-DEL2024_01-DE-1-1');
    expect(messageFileName(base)).toBe('079-217901234-20240115-DEL2024_01-DE-1-1_0.xml');
    expect(documentFileName('99_DE', base, 1, '.PDF')).toBe(
      '99_DE-079-217901234-20240115-DEL2024_01-DE-1-1_1.pdf',
    );
    expect(documentFileName('99_AU', base, 2, 'jpg')).toBe(
      '99_AU-079-217901234-20240115-DEL2024_01-DE-1-1_2.jpg',
    );
    expect(actBaseName(act, '6-1')).toBe('079-217901234-20240115-DEL2024_01-DE-6-1');
  });

  it('names the classification request with empty date, number and nature', () => {
    expect(classificationRequestFileName('044', '214400152')).toBe('044-214400152----7-1_1.xml');
    expect(unattachedMessageFileName('044', '214400152', '1-3', 1)).toBe('044-214400152----1-3_1.xml');
  });

  it('names envelopes with their daily counter, which may exceed 4 digits, and reads them back', () => {
    const name = envelopeFileName({
      quadrigramme: 'EACT',
      siren: '210703385',
      date: '2017-06-12',
      counter: 12345,
    });
    expect(name).toBe('EACT--210703385--20170612-12345.xml');
    expect(parseEnvelopeFileName(name)).toEqual({
      quadrigramme: 'EACT',
      siren: '210703385',
      date: '2017-06-12',
      counter: 12345,
    });
    expect(parseEnvelopeFileName('EACT--SPREF0441-214400152-20181012-9.xml')).toBeUndefined();
  });

  it('names the archive with a configurable trigramme and quadrigramme, and reads it back', () => {
    const envelope = envelopeFileName({
      quadrigramme: 'TACT',
      siren: '210703385',
      date: '2017-06-12',
      counter: 2,
    });
    expect(archiveFileName('SLO', envelope)).toBe('SLO-TACT--210703385--20170612-2.tar.gz');
    expect(archiveFileName('SLO', 'EACT--210703385--20170612-2.xml')).toBe(
      'SLO-EACT--210703385--20170612-2.tar.gz',
    );
    expect(parseArchiveFileName('SIC-EACT--210600730--20180115-1.tar.gz')).toEqual({
      trigramme: 'SIC',
      envelopeName: 'EACT--210600730--20180115-1.xml',
    });
  });

  it('names what the préfecture sends as the real messages are named', () => {
    expect(prefectureMessageFileName('034-000000000-20170701-20170721D-AI', '1-2', 0)).toBe(
      '034-000000000-20170701-20170721D-AI-1-2_0.xml',
    );
    expect(
      prefectureEnvelopeFileName({
        quadrigramme: 'EACT',
        departement: '044',
        arrondissement: '1',
        siren: '214400152',
        date: '2018-10-12',
        counter: 9,
      }),
    ).toBe('EACT--SPREF0441-214400152-20181012-9.xml');
    expect(envelopeAnomalyFileName('EACT--210703385--20170612-2.xml')).toBe(
      'ANO_EACT--210703385--20170612-2.xml',
    );
  });
});
