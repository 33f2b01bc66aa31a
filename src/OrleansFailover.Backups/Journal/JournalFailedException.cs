namespace OrleansFailover.Backups.Journal;

/// <summary>
/// The journal stopped after a write or an fsync failed. What reached the disk is unknown past
/// <see cref="CollectionJournal.DurableThrough"/>, and after a failed fsync the page cache cannot be trusted either,
/// so the journal refuses every later write until it is reopened: a fresh open reads what the disk really holds.
/// </summary>
public sealed class JournalFailedException(string message, Exception cause) : IOException(message, cause);
