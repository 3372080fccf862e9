import type { CompareFailure } from './compare-state.js';

const DOING: Record<NonNullable<CompareFailure['during']>, string> = {
  planning: 'could not be prepared (compiled, and its batch size read to plan the budget)',
  training: 'failed while training',
  measuring: 'failed while being measured',
};

/**
 * Why a run failed: the graph, what it was doing, the node at fault; and what became of the
 * compare — stopped with what was kept, or (`wentOn`) carried on with the other graphs.
 */
export function CompareFailureNote({ failure, measured, wentOn }: { failure: CompareFailure; measured: number; wentOn?: { leftOut: number } }) {
  return (
    <div className="compare-failure" role="alert" data-testid="compare-failure">
      {failure.graph ? (
        <>
          <strong>{failure.graph}</strong> {failure.graphName && <>(“{failure.graphName}”) </>}
          {failure.during ? DOING[failure.during] : 'failed'}
          {failure.nodeId && (
            <>
              {' '}
              at node <code>{failure.nodeId}</code>
            </>
          )}
          : {failure.message}
        </>
      ) : (
        failure.message
      )}
      <div className="compare-muted">
        {wentOn ? (
          `The compare went on with the other graphs${wentOn.leftOut ? `, leaving out this one’s ${wentOn.leftOut} other seed${wentOn.leftOut === 1 ? '' : 's'}` : ''}. Continue tries it again from where it failed, keeping every run measured.`
        ) : (
          <>
            {measured > 0 && `The ${measured} run${measured === 1 ? '' : 's'} measured before it ${measured === 1 ? 'is' : 'are'} kept below. `}
            {failure.graph
              ? 'Continue tries it again from where it stopped; to leave the graph out, remove it and compare again (a new compare trains every run afresh).'
              : 'Continue goes on from where it stopped, keeping the runs measured.'}
          </>
        )}
      </div>
    </div>
  );
}
