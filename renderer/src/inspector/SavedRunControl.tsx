import { useEffect, useRef, useState, type ReactNode } from "react";
import { APP_RUN_PREFIX } from "../../../engine/data/saved-run.js";
import {
  importRunFolder,
  listAppRuns,
  type AppRun,
} from "../saved-runs/app-runs.js";

/**
 * A checkpoint node's run: pick one of the app's runs (trained here, or a run folder opened
 * before), or open a run folder (copied into the app), or type a path for the command line.
 * `text` is the plain text box the setting also keeps.
 */
export function SavedRunControl({
  value,
  onPick,
  text,
}: {
  value: unknown;
  onPick(value: string): void;
  text: ReactNode;
}) {
  const [runs, setRuns] = useState<AppRun[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const folder = useRef<HTMLInputElement>(null);
  const current = typeof value === "string" ? value : "";
  useEffect(() => {
    let live = true;
    listAppRuns().then(
      (r) => live && setRuns(r),
      (e: unknown) =>
        live &&
        (setRuns([]),
        setProblem(
          `the app's runs cannot be listed: ${e instanceof Error ? e.message : String(e)}`,
        )),
    );
    return () => {
      live = false;
    };
  }, []);
  const known = runs?.some((r) => r.value === current) ?? false;
  const open = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    setProblem(null);
    try {
      const run = await importRunFolder([...files]);
      setRuns((r) => [run, ...(r ?? [])]);
      onPick(run.value);
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <div className="param__saved-run">
      <select
        className="param__input"
        data-testid="param-run-app"
        value={known ? current : ""}
        onChange={(e) => e.target.value && onPick(e.target.value)}
      >
        <option value="">
          {runs === null
            ? "Looking for runs…"
            : runs.length
              ? "— a run trained in the app —"
              : "— no run trained in the app yet —"}
        </option>
        {runs?.map((r) => (
          <option key={r.value} value={r.value}>
            {r.label}
          </option>
        ))}
      </select>
      <div className="param__path">
        {text}
        <button
          type="button"
          className="param__pick"
          data-testid="param-open-run-folder"
          onClick={() => folder.current?.click()}
          title="Open a run folder made by pretrain-lab train --out DIR (it is copied into the app)"
        >
          Open run folder…
        </button>
        <input
          ref={folder}
          type="file"
          hidden
          data-testid="run-folder-input"
          {...{ webkitdirectory: "" }}
          onChange={(e) => void open(e.target.files)}
        />
      </div>
      {current !== "" && !current.startsWith(APP_RUN_PREFIX) && (
        <div className="param__hint" data-testid="param-run-hint">
          A folder path is read by the command line (
          <code>pretrain-lab train</code>). To train this graph in the app, pick
          a run above or open its folder.
        </div>
      )}
      {problem && (
        <div
          className="param__error"
          role="alert"
          data-testid="param-run-problem"
        >
          {problem}
        </div>
      )}
    </div>
  );
}
