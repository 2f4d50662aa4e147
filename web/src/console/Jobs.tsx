// Outbox jobs: what the server does after the fact (a shipment told to Shopify, a webhook
// taken in, a sync) with its attempts and outcome. The filters live in the URL, as on the
// orders list; a dead job can be retried.
import { Link } from "react-router-dom";
import { withQuery } from "../api";
import { Field, FilterBar, FormErrors, Notice, Select, useQueryForm } from "../forms";
import { useSession } from "../session";
import { ErrorBanner, formatTime, humanize, useTitle } from "../ui";
import { ACTIONS, JOB_KINDS, JOB_STATUSES, JobBadge, JobKind, LoadMore, num, OrderLinks, RetryJobButton, Table, useJobRetry, usePaged } from "./common";

export type Job = {
  id: number;
  kind: string;
  subject: string;
  status: string;
  attempts: number;
  max_attempts: number;
  run_at: string;
  last_error: string;
  result: string;
  created_at: string;
  updated_at: string;
};

const FILTERS = ["status", "kind", "subject"] as const;

export function JobsPage() {
  useTitle("Jobs");
  const form = useQueryForm(FILTERS);
  const list = usePaged<Job>(withQuery("/api/v1/jobs", { ...form.applied, limit: 50 }));
  const retrying = useJobRetry(list.reload);
  const filtered = form.filtered;

  const kinds = Object.keys(JOB_KINDS);
  if (form.draft.kind && !kinds.includes(form.draft.kind)) kinds.push(form.draft.kind);

  return (
    <main className="page page-wide" id="main">
      <div className="page-head">
        <h1 ref={retrying.heading} tabIndex={-1}>
          Jobs
        </h1>
        <button type="button" onClick={list.reload} disabled={list.loading}>
          Refresh
        </button>
      </div>
      <p className="muted">
        Work done after the fact: shipments told to the sales channel, webhooks taken in, syncs. A job that fails is tried again
        later; one that used up its attempts is dead until it is retried.
      </p>

      <FilterBar
        label="Filter jobs"
        onSubmit={form.submit}
        submit="Search"
        extra={
          filtered && (
            <Link className="button" to="/console/jobs">
              Clear filters
            </Link>
          )
        }
      >
        <Select
          label="Status"
          options={[{ value: "", label: "Any status" }, ...JOB_STATUSES.map((s) => ({ value: s, label: humanize(s) }))]}
          {...form.select("status")}
          error={list.error}
        />
        <Select
          label="Kind"
          options={[{ value: "", label: "Any kind" }, ...kinds.map((k) => ({ value: k, label: JOB_KINDS[k] ?? k }))]}
          {...form.select("kind")}
          error={list.error}
        />
        <Field label="Subject" placeholder="order:42" {...form.field("subject")} error={list.error} />
      </FilterBar>

      <FormErrors error={list.error} fields={FILTERS} />
      <Notice text={retrying.notice} />
      <ErrorBanner error={retrying.error} />

      <Table
        caption={`Jobs${filtered ? " matching the filters" : ""}`}
        busy={list.loading}
        source={list.shown}
        columns={["Job", "Kind", "Subject", "Status", num("Attempts"), "Run at", "Last error", "Result", ACTIONS]}
        rows={list.items}
        loading={list.loading}
        empty={filtered ? "No jobs match these filters." : "No jobs yet."}
        row={(j) => (
          <tr key={j.id}>
            <td>{j.id}</td>
            <td>
              <JobKind kind={j.kind} />
            </td>
            <td>
              <Subject subject={j.subject} />
            </td>
            <td>
              <JobBadge status={j.status} />
            </td>
            <td className="number">
              {j.attempts} / {j.max_attempts}
            </td>
            <td>{formatTime(j.run_at)}</td>
            <td className={j.last_error ? "long-text error-text" : "long-text"}>{j.last_error || "—"}</td>
            <td className="long-text">
              <OrderLinks text={j.result} />
            </td>
            <td className="actions">
              <RetryJobButton job={j} retrying={retrying} />
            </td>
          </tr>
        )}
      />
      <LoadMore list={list} noun="jobs" />
    </main>
  );
}

// "order:42" links to the order; "shop:1" to the shop, for admins.
function Subject({ subject }: { subject: string }) {
  const { me } = useSession();
  const order = subject.match(/^order:(\d+)$/);
  if (order) return <Link to={`/console/orders/${order[1]}`}>{subject}</Link>;
  const shop = subject.match(/^shop:(\d+)$/);
  if (shop && me?.role === "admin") return <Link to={`/admin/shopify?shop=${shop[1]}`}>{subject}</Link>;
  return <code>{subject || "—"}</code>;
}
