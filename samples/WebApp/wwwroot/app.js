// Upload → poll the job every 250 ms → show the roll and the download links.
const $ = id => document.getElementById(id);
const show = (id, on) => $(id).classList.toggle('hidden', !on);

$('upload').addEventListener('submit', async e => {
  e.preventDefault();
  show('done', false); show('error', false); show('working', true);
  $('status').textContent = 'Uploading…'; $('progress').value = 0;
  const body = new FormData();
  body.append('file', $('file').files[0]);
  const response = await fetch('/api/transcriptions', { method: 'POST', body });
  const job = await response.json();
  if (!response.ok) return fail(job.error || response.statusText);
  poll(job.id);
});

async function poll(id) {
  const job = await (await fetch(`/api/transcriptions/${id}`)).json();
  $('progress').value = job.progress;
  $('status').textContent = `${job.fileName}: ${job.state} ${Math.round(job.progress * 100)} %`;
  if (job.state === 'failed') return fail(`${job.fileName}: ${job.error}`);
  if (job.state !== 'done') return setTimeout(() => poll(id), 250);
  show('working', false);
  $('summary').textContent = `${job.fileName}: ${job.notes} notes, ${job.pedalPresses} pedal presses, ` +
    `${job.seconds.toFixed(1)} s, key ${job.key ?? 'unknown'}`;
  $('midi').href = `/api/transcriptions/${id}/notes.mid`;
  $('csv').href = `/api/transcriptions/${id}/notes.csv`;
  $('musicxml').href = `/api/transcriptions/${id}/score.musicxml`;
  $('roll').innerHTML = await (await fetch(`/api/transcriptions/${id}/roll.svg`)).text();
  $('roll').dataset.notes = job.notes;
  show('done', true);
}

function fail(message) {
  show('working', false);
  $('error').textContent = message;
  show('error', true);
}
