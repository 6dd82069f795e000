/** What the extractor drafts from the document; every item keeps its source line and raw text. */
export interface DraftArea {
  readonly id: string;
  /** Letter by position (a–r), whatever the OCR printed (「I.」 for l, 「Ⅲ.」 for m). */
  readonly letter: string;
  readonly printedLabel: string;
  readonly title: string;
  readonly outcome: string;
  readonly line: number;
}

export interface DraftSubArea {
  readonly id: string;
  readonly area: string;
  readonly ordinal: number;
  readonly printedLabel: string;
  readonly title: string;
  readonly line: number;
}

export interface DraftProject {
  readonly name: string;
  readonly reference: boolean;
  readonly line: number;
}

export interface DraftMeasure {
  readonly id: string;
  readonly section: 5 | 6;
  readonly outcome: string;
  readonly area?: string;
  readonly subArea?: string;
  readonly topic?: string;
  /** Position within its parent, counted, not the printed number. */
  readonly ordinal: number;
  readonly printedNumber: string;
  readonly title: string;
  /** 【再掲】: the measure restates one printed elsewhere. */
  readonly reference: boolean;
  readonly line: number;
  readonly projects: DraftProject[];
  outputUnit?: string;
}

export interface DraftRoadmapRow {
  readonly id: string;
  readonly kind: 'project' | 'milestone';
  readonly cells: readonly string[];
  readonly line: number;
}

export interface DraftOutputKpi {
  readonly id: string;
  /** The KPI statement, continuation lines joined. */
  readonly text: string;
  readonly notes: string[];
  readonly line: number;
}

export interface DraftOutputUnit {
  readonly id: string;
  readonly area: string;
  readonly measures: string[];
  readonly line: number;
  readonly roadmap: {
    readonly transcribed: boolean;
    readonly line?: number;
    readonly header: readonly string[];
    readonly rows: DraftRoadmapRow[];
  };
  readonly kpis: DraftOutputKpi[];
}

export interface DraftCatalog {
  readonly areas: DraftArea[];
  readonly subAreas: DraftSubArea[];
  readonly measures: DraftMeasure[];
  readonly outputUnits: DraftOutputUnit[];
}
