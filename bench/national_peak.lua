-- bench/national_peak.lua — wrk's script for the month-end peak of `bench/run national`: the general
-- vouchers of units (fees received in cash, cash banked into the unit's account) posted through
-- POST /api/v1/orgs/{unit}/vouchers by their LAOs' accountants, each signed in once beforehand
-- (bench/national_peak.py writes the sessions to $NATIONAL_SESSIONS: one line per session,
-- "unit<TAB>cookie header<TAB>CSRF token<TAB>bank account"). Every request carries a new entry id; each
-- wrk thread walks the sessions from its own starting point. done() prints the figures for
-- national_peak.py to read: "PEAK requests <n> seconds <s> p50_us <n> p99_us <n> non201 <n>
-- errors <n>".

local sessions = {}
for line in io.lines(os.getenv("NATIONAL_SESSIONS")) do
  local org, cookie, csrf, bank = line:match("^(%d+)\t([^\t]*)\t([^\t]*)\t(%d+)$")
  sessions[#sessions + 1] = { org = org, cookie = cookie, csrf = csrf, bank = bank }
end
local day = os.getenv("NATIONAL_DATE")
local threads = {}
local next_session = 1
non201 = 0  -- a global: done() reads each thread's count with thread:get

-- As the units' daily work in the demo: a fee received in cash, or cash banked (naming the
-- unit's bank account, so the bank register keeps up).
local templates = {
  { debit = "1101010", credit = "4105010", text = "รับเงินค่าบำรุงศูนย์พัฒนาเด็กเล็ก", bank = false },
  { debit = "1102010", credit = "1101010", text = "นำเงินสดฝากธนาคาร", bank = true },
}

function setup(thread)
  thread:set("first", #threads * 7919)
  threads[#threads + 1] = thread
end

function init(args)
  next_session = (first % #sessions) + 1
  -- NATIONAL_SEED differs for every wrk run: a run repeating another's entry ids would be
  -- answered from the stored vouchers (a retry), not posted.
  math.randomseed(tonumber(os.getenv("NATIONAL_SEED")) + first)
end

local function uuid()
  local hex = "0123456789abcdef"
  local out = {}
  for i = 1, 32 do
    local k = math.random(1, 16)
    out[i] = hex:sub(k, k)
  end
  local s = table.concat(out)
  return s:sub(1, 8) .. "-" .. s:sub(9, 12) .. "-4" .. s:sub(14, 16) .. "-a" .. s:sub(18, 20) .. "-" .. s:sub(21, 32)
end

function request()
  local session = sessions[next_session]
  next_session = next_session % #sessions + 1
  local t = templates[math.random(1, #templates)]
  local amount = string.format("%d.%02d", math.random(100, 50000), math.random(0, 99))
  local bank = t.bank and string.format('"bank_account":%s,', session.bank) or ""
  local body = string.format(
    '{"entry_id":"%s","type":"general","date":"%s","description":"%s",%s' ..
    '"lines":[{"account":"%s","debit":"%s"},{"account":"%s","credit":"%s"}]}',
    uuid(), day, t.text, bank, t.debit, amount, t.credit, amount)
  return wrk.format("POST", "/api/v1/orgs/" .. session.org .. "/vouchers", {
    ["Content-Type"] = "application/json",
    ["Accept"] = "application/json",
    ["Cookie"] = session.cookie,
    ["X-CSRF-Token"] = session.csrf,
  }, body)
end

function response(status, headers, body)
  if status ~= 201 then non201 = non201 + 1 end
end

function done(summary, latency, requests)
  local refused = 0
  for _, thread in ipairs(threads) do refused = refused + thread:get("non201") end
  local e = summary.errors
  io.write(string.format("PEAK requests %d seconds %.3f p50_us %d p99_us %d non201 %d errors %d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(99), refused,
    e.connect + e.read + e.write + e.timeout))
end
