-- bench/http_peak.lua — wrk's script for `bench/run http` (bench/http_peak.py): general vouchers
-- over every organisation of the book, posted by their LAOs' accountants, and every fifth request
-- a receipt from an LAO collector's book. $HTTP_SESSIONS holds one line per target:
--   "v<TAB>org<TAB>cookie header<TAB>CSRF token<TAB>bank account"            a voucher target
--   "r<TAB>org<TAB>cookie header<TAB>CSRF token<TAB>receipt book<TAB>next number"   a receipt target
-- Receipt numbers must follow each other within a book: each wrk thread takes its own share of the
-- receipt targets ($HTTP_THREADS threads) and numbers them itself, and returns to a book only after
-- every other of its books, long after that book's previous receipt was answered. Every request
-- carries a new entry id. done() prints, for http_peak.py:
--   "PEAK requests <n> seconds <s> p50_us <n> p99_us <n> non201 <n> errors <n> receipts <n>"

local vouchers, receipts = {}, {}
for line in io.lines(os.getenv("HTTP_SESSIONS")) do
  local kind, org, cookie, csrf, a, b = line:match("^(%a)\t(%d+)\t([^\t]*)\t([^\t]*)\t(%d+)\t?(%d*)$")
  if kind == "v" then
    vouchers[#vouchers + 1] = { org = org, cookie = cookie, csrf = csrf, bank = a }
  elseif kind == "r" then
    receipts[#receipts + 1] = { org = org, cookie = cookie, csrf = csrf, book = a, next = tonumber(b) }
  end
end
local day = os.getenv("HTTP_DATE")
local thread_count = tonumber(os.getenv("HTTP_THREADS"))
local threads = {}
non201 = 0
sent_receipts = 0

local templates = {
  { debit = "1101010", credit = "4105010", text = "รับเงินค่าบำรุงศูนย์พัฒนาเด็กเล็ก", bank = false },
  { debit = "1102010", credit = "1101010", text = "นำเงินสดฝากธนาคาร", bank = true },
}

function setup(thread)
  thread:set("index", #threads)
  threads[#threads + 1] = thread
end

local mine, next_voucher, next_receipt, count = {}, 1, 1, 0

function init(args)
  for i = index + 1, #receipts, thread_count do mine[#mine + 1] = receipts[i] end
  next_voucher = (index * 7919) % #vouchers + 1
  math.randomseed(tonumber(os.getenv("HTTP_SEED")) + index)
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

local function post(path, target, body)
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/json",
    ["Accept"] = "application/json",
    ["Cookie"] = target.cookie,
    ["X-CSRF-Token"] = target.csrf,
  }, body)
end

local function receipt()
  local r = mine[next_receipt]
  next_receipt = next_receipt % #mine + 1
  local number = r.next
  r.next = r.next + 1
  sent_receipts = sent_receipts + 1
  local body = string.format(
    '{"entry_id":"%s","book":%s,"number":%d,"date":"%s","payer_kind":"person","payer_name":"นายผู้ชำระ ทดสอบ",' ..
    '"lines":[{"item":"412001","description":"ค่าเก็บขยะ","amount":"%d.00"}],"means":"cash"}',
    uuid(), r.book, number, day, math.random(20, 200))
  return post("/api/v1/orgs/" .. r.org .. "/revenue/receipts", r, body)
end

local function voucher()
  local v = vouchers[next_voucher]
  next_voucher = next_voucher % #vouchers + 1
  local t = templates[math.random(1, #templates)]
  local amount = string.format("%d.%02d", math.random(100, 50000), math.random(0, 99))
  local bank = t.bank and string.format('"bank_account":%s,', v.bank) or ""
  local body = string.format(
    '{"entry_id":"%s","type":"general","date":"%s","description":"%s",%s' ..
    '"lines":[{"account":"%s","debit":"%s"},{"account":"%s","credit":"%s"}]}',
    uuid(), day, t.text, bank, t.debit, amount, t.credit, amount)
  return post("/api/v1/orgs/" .. v.org .. "/vouchers", v, body)
end

function request()
  count = count + 1
  if #mine > 0 and count % 5 == 0 then return receipt() end
  return voucher()
end

function response(status, headers, body)
  if status ~= 201 then
    non201 = non201 + 1
    if non201 <= 3 then io.stderr:write("refused " .. status .. ": " .. body:sub(1, 300) .. "\n") end
  end
end

function done(summary, latency, requests)
  local refused, sent = 0, 0
  for _, thread in ipairs(threads) do
    refused = refused + thread:get("non201")
    sent = sent + thread:get("sent_receipts")
  end
  local e = summary.errors
  io.write(string.format("PEAK requests %d seconds %.3f p50_us %d p99_us %d non201 %d errors %d receipts %d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(99), refused,
    e.connect + e.read + e.write + e.timeout, sent))
end
