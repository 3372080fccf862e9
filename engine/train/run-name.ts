/**
 * How a run folder is named, wherever it is made (the CLI's runs/, the desktop app's runs): the
 * graph's name as a slug and the time it started, so a listing reads in order.
 */
export function runName(graphName: string, date = new Date()): string {
  const slug =
    graphName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 80) || 'run';
  const stamp = date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${slug}-${stamp}`;
}
