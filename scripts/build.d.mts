/** Types of scripts/build.mjs (imported by the engine benchmark). */
export declare const ROOT: string;
export declare const DIST: string;
export declare function build(options?: { extra?: string[]; outdir?: string }): Promise<string[]>;
export declare function serverNodeFlags(): string[];
