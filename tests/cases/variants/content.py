"""Fictional content for the variant generator: people, councils, projects, label wordings.

Everything here is invented. Council names are made up (no real authority is meant); phone
numbers use Ofcom's drama ranges (01632 960xxx, 07700 900xxx).
"""

from __future__ import annotations

FIRST_NAMES = [
    "Aoife",
    "Bronwen",
    "Chidi",
    "Dafydd",
    "Eleni",
    "Farah",
    "Gareth",
    "Hamish",
    "Ifeoma",
    "Jasmine",
    "Krzysztof",
    "Lowri",
    "Marisol",
    "Niamh",
    "Oluwaseun",
    "Priya",
    "Quentin",
    "Rosalind",
    "Siobhán",
    "Tomasz",
    "Una",
    "Venkat",
    "Wren",
    "Xanthe",
    "Yusuf",
    "Zainab",
    "José",
    "Renée",
    "Søren",
    "Małgorzata",
    "Imogen",
    "Declan",
    "Anjali",
    "Ruairí",
    "Beatrix",
    "Kwame",
    "Linnea",
    "Padraig",
    "Harriet",
    "Nkechi",
    "Euan",
    "Magdalena",
    "Callum",
    "Saoirse",
    "Hafsa",
    "Idris",
    "Tamsin",
    "Ewan",
]

LAST_NAMES = [
    "Abernethy",
    "Baptiste",
    "Chaudhry",
    "D'Souza",
    "Ellery",
    "Fairweather",
    "Gallagher",
    "Hargreaves",
    "Iqbal",
    "Jankowski",
    "Kavanagh",
    "Llewellyn",
    "McCaffrey",
    "Nwosu",
    "O'Rourke",
    "Pemberton",
    "Quinlan",
    "Rahman",
    "Sutcliffe",
    "Thorne",
    "Underwood",
    "Varga",
    "Whitlock",
    "Yeats",
    "Zielinski",
    "Ní Bhriain",
    "St John-Mills",
    "Lefèvre",
    "Okonkwo-Reid",
    "Brannigan",
    "Castellano",
    "Dunmore",
    "Esterhuizen",
    "Fforde",
    "Grimshaw",
    "Haddow",
    "Ingleby",
    "Jukes",
    "Kowalczyk",
    "Lamont",
    "Mbeki",
    "Nordqvist",
    "Oyelaran",
    "Prendergast",
    "Rossiter",
    "Szabó",
    "Tremayne",
    "Venables",
    "Wardle",
]

# (short place name, council, mail domain, library service name)
COUNCILS = [
    ("Kelsworth", "Kelsworth Borough Council", "kelsworth.gov.uk", "Kelsworth Libraries"),
    (
        "Ashbourne Vale",
        "Ashbourne Vale District Council",
        "ashbournevale.gov.uk",
        "Ashbourne Vale Library Service",
    ),
    (
        "Eastmoor",
        "Eastmoor Metropolitan Borough Council",
        "eastmoor.gov.uk",
        "Eastmoor Libraries and Archives",
    ),
    ("Holloway Cross", "Holloway Cross City Council", "hollowaycross.gov.uk", "Holloway Cross Libraries"),
    ("Marrowby", "Marrowby County Council", "marrowby.gov.uk", "Marrowby Library and Information Service"),
    ("North Tellingham", "North Tellingham Council", "northtellingham.gov.uk", "North Tellingham Libraries"),
    ("Penhallow", "Penhallow Council", "penhallow.gov.uk", "Libraries Penhallow"),
    ("Quarrington", "Quarrington Borough Council", "quarrington.gov.uk", "Quarrington Library Service"),
    ("Ravensby", "Ravensby and Dale Council", "ravensbydale.gov.uk", "Ravensby and Dale Libraries"),
    ("Stourleigh", "Stourleigh County Council", "stourleigh.gov.uk", "Stourleigh Libraries"),
    ("Tanfield", "Tanfield City Council", "tanfield.gov.uk", "Tanfield Libraries & Heritage"),
    (
        "Upper Wendle",
        "Upper Wendle District Council",
        "upperwendle.gov.uk",
        "Upper Wendle Community Libraries",
    ),
    ("Westbury Fen", "Westbury Fen Council", "westburyfen.gov.uk", "Westbury Fen Libraries"),
    ("Yarnfield", "Yarnfield Borough Council", "yarnfield.gov.uk", "Yarnfield Library Service"),
    ("Glenmarra", "Glenmarra Council", "glenmarra.gov.scot", "Glenmarra Libraries"),
    (
        "Cwm Ardudwy",
        "Cyngor Cwm Ardudwy / Cwm Ardudwy Council",
        "cwmardudwy.gov.wales",
        "Llyfrgelloedd Cwm Ardudwy Libraries",
    ),
    ("Brackenford", "Brackenford Unitary Authority", "brackenford.gov.uk", "Brackenford Libraries"),
    ("Oakhampstead", "London Borough of Oakhampstead", "oakhampstead.gov.uk", "Oakhampstead Libraries"),
    (
        "Lindmoor",
        "Lindmoor County Council",
        "lindmoor.gov.uk",
        "Lindmoor Libraries, Culture and Registration",
    ),
    ("Saltcombe", "Saltcombe Borough Council", "saltcombe.gov.uk", "Saltcombe Library Service"),
]

JOB_TITLES = [
    "Head of Libraries",
    "Libraries and Archives Manager",
    "Principal Librarian (Service Development)",
    "Community Library Lead",
    "Assistant Director – Culture, Leisure and Libraries",
    "Library Services Manager",
    "Reader Development Coordinator",
    "Strategic Lead for Libraries & Information",
    "Senior Librarian, Children and Young People",
    "Service Manager: Libraries, Museums and Archives",
    "Digital Inclusion Officer",
    "Libraries Transformation Lead",
    "Head of Customer Access and Libraries",
    "Operations Manager (North Area Libraries)",
    "Library Development Officer",
    "Chief Librarian",
]

PARTNERS = [
    "the integrated care board",
    "Public Health",
    "the council's adult social care team",
    "the local college",
    "the Department for Work and Pensions",
    "the district's housing team",
    "the community and voluntary sector council",
    "the local NHS trust",
    "the council's economic development team",
    "the school improvement service",
]

CABINET_ROLES = [
    "Cabinet Member for Communities",
    "Portfolio Holder for Culture and Leisure",
    "Cabinet Member for Stronger Neighbourhoods",
    "Executive Member for Health and Wellbeing",
    "Leader of the Council",
    "Cabinet Member for Resources",
]

# Each theme: titles, summaries (<= 50 words once filled), paragraphs (context/action/result/advocacy),
# lessons sentences. Placeholders: {place} {council} {libs} {money} {money2} {pct} {pct2} {n1} {n2}
# {sites} {year} {year2} {partner} {cabinet}
THEMES = [
    {
        "titles": [
            "Warm, welcoming and open: {place}'s winter spaces",
            "From warm spaces to wellbeing hubs in {place}",
            "Keeping the doors open: libraries as warm spaces",
        ],
        "summaries": [
            "During the cost of living crisis our {sites} libraries became warm spaces with free drinks, "
            "charging points and advice sessions. {n1} visits were recorded over the winter and {pct} of "
            "visitors were referred on for money advice.",
            "We turned {sites} libraries into warm spaces backed by {money} from the Household Support Fund. "
            "Over one winter we welcomed {n1} visits and connected residents with debt and energy advice.",
        ],
        "context": [
            "In the autumn of {year} the council's anti-poverty group asked every service what it could "
            "offer residents who were struggling to heat their homes. Our libraries were already open six "
            "days a week, were free to use and were staffed by people whom residents trusted, so we put them "
            "forward as the backbone of a borough-wide warm spaces offer.",
            "Energy prices in {place} rose faster than wages, and the welfare rights team warned that older "
            "residents and young families were cutting back on heating. We knew from staff that more people "
            "were staying in the library until closing time, often without telling anyone why.",
        ],
        "action": [
            "Using {money} from the Household Support Fund we extended opening hours in {sites} libraries, "
            "bought hot drinks machines and phone chargers, and booked debt advisers and the energy advice "
            "charity to hold drop-ins. Staff completed a short course in having conversations about money "
            "without making people feel judged.",
            "We deliberately avoided calling the rooms 'warm banks'. Feedback from a residents' panel told "
            "us that the phrase felt stigmatising, so the sessions were promoted as 'Winter Welcome' with "
            "activities such as board games, craft and film afternoons that gave people a reason to come in.",
        ],
        "results": [
            "Between November and March we recorded {n1} visits to warm spaces. {pct} of visitors were "
            "referred on to money or energy advice, and the advice agencies reported that clients referred "
            "by libraries were more likely to keep their appointments.",
            "The evaluation found that {pct2} of regular attendees were aged over 65 and lived alone. "
            "Several told us that the library was the only place they spoke to another person during the "
            "week.",
        ],
        "advocacy": [
            "I made sure that the {cabinet} received a fortnightly update with visitor numbers and short "
            "quotes from residents. When the council set its budget for {year2}, the warm spaces offer was "
            "named in the budget report as an example of prevention, and the proposed reduction in opening "
            "hours was withdrawn.",
        ],
        "lessons": [
            "Frame the offer around welcome and activity rather than need.",
            "Simple, regular data sent to members builds a story over time.",
            "Advice partners value the trust that libraries hold.",
            "Small grants can unlock big changes in how councillors see libraries.",
        ],
    },
    {
        "titles": [
            "Laptops on loan: closing the digital divide in {place}",
            "Device lending and digital champions",
            "Getting {place} online, one loan at a time",
        ],
        "summaries": [
            "Our device lending scheme loans laptops and tablets with free data to residents who are "
            "digitally excluded. {n1} loans in two years, {n2} hours of one-to-one help, and a {money} "
            "partnership with {partner}.",
            "Libraries in {place} now lend {n2} laptops and tablets with mobile data, supported by volunteer "
            "digital champions. {pct} of borrowers said they had applied for a job or benefit online for the "
            "first time.",
        ],
        "context": [
            "The council's digital inclusion strategy, adopted in {year}, estimated that one in seven adults "
            "in {place} lacked the skills, equipment or connectivity to use online services. As more council "
            "services moved online, the gap was turning into a real barrier for residents on low incomes.",
            "Library public computers were fully booked most mornings, and staff were spending a growing "
            "share of their time helping people fill in forms for Universal Credit and housing. We wanted to "
            "offer something that people could take home.",
        ],
        "action": [
            "We secured {money} from {partner} to buy {n2} refurbished laptops and tablets and a year of "
            "mobile data. Each device can be borrowed for up to twelve weeks, and borrowers are offered a "
            "weekly session with a trained digital champion.",
            "Volunteer recruitment was led by the library's volunteer coordinator. We recruited {sites} "
            "volunteers per library from local colleges and a retired people's network, and each completed "
            "the national digital champion training before meeting borrowers.",
        ],
        "results": [
            "In two years we made {n1} loans. {pct} of borrowers told us they had applied for a job or "
            "benefit online for the first time, and the council's contact centre recorded a fall in calls "
            "from people asking for paper forms.",
            "Device returns were higher than we had feared: only a handful of devices were lost or damaged, "
            "which helped us make the case for replacing them from the council's IT refresh budget.",
        ],
        "advocacy": [
            "We presented the findings to the council's digital board with two borrowers who described what "
            "the loan had meant to them. The board agreed to fund the scheme from its own budget from "
            "{year2}, and libraries are now named as the council's lead delivery partner for digital "
            "inclusion.",
        ],
        "lessons": [
            "Loaning a device is only half the offer; the support matters as much.",
            "Involve the IT team early so that devices can be managed securely.",
            "Personal stories persuade boards more than statistics alone.",
            "Plan for replacement costs from the start.",
        ],
    },
    {
        "titles": [
            "Books on prescription, reimagined",
            "Reading well in {place}: social prescribing through libraries",
            "A prescription for reading",
        ],
        "summaries": [
            "Working with social prescribers, we created reading-for-wellbeing groups in {sites} libraries. "
            "{n1} residents were referred, {pct} reported improved wellbeing, and the integrated care board "
            "now funds the programme at {money} a year.",
            "Social prescribing link workers refer lonely and anxious residents to library reading groups. "
            "Referrals rose to {n1} a year and the service is now commissioned for {money}.",
        ],
        "context": [
            "Social prescribing link workers in {place} told us that they struggled to find low-cost, "
            "non-clinical activities for people experiencing loneliness or mild anxiety. Many of the groups "
            "they had relied on had closed during the pandemic and not reopened.",
            "We already ran shared reading groups, but they were attended mainly by confident, long-standing "
            "library users. We wanted to reach people who would not think of the library as a place for "
            "them.",
        ],
        "action": [
            "We trained {sites} members of staff as reading group facilitators and agreed a simple referral "
            "form with the link workers. New members were offered a phone call before their first session so "
            "that they knew what to expect and who would greet them.",
            "Sessions were kept small, with no more than ten people, and we avoided anything that felt like "
            "a class. Tea, biscuits and a short poem at the start became part of the routine.",
        ],
        "results": [
            "{n1} people were referred in the first eighteen months. Using the short Warwick-Edinburgh "
            "wellbeing scale, {pct} reported an improvement after eight weeks, and {pct2} were still "
            "attending six months later.",
            "Link workers told us that the groups were one of the few options they could offer at short "
            "notice, and GPs in two practices began referring directly.",
        ],
        "advocacy": [
            "We asked the clinical lead for social prescribing to co-present our evaluation to the health "
            "and wellbeing board. Hearing a GP describe the library as part of the local care system carried "
            "more weight than anything we could have said ourselves, and the integrated care board agreed to "
            "fund the programme at {money} a year.",
        ],
        "lessons": [
            "Find the professional who already has the problem you can solve.",
            "Measure wellbeing with a tool that health partners recognise.",
            "Let partners tell the story to their own boards.",
            "Small groups and a warm welcome matter more than content.",
        ],
    },
    {
        "titles": [
            "Making space: a library makerspace for {place}",
            "From book stacks to 3D printers",
            "The Fab Lab at {place} Central",
        ],
        "summaries": [
            "We converted an underused reference floor into a makerspace with 3D printers, laser cutters and "
            "sewing machines. {n1} residents used it in its first year, {n2} local businesses prototyped "
            "products, and the project attracted {money} of external funding.",
        ],
        "context": [
            "The reference floor of our central library was used by fewer than twenty people a day, yet it "
            "occupied a third of the building. A review of the library estate in {year} suggested that the "
            "space be let to a commercial tenant.",
            "The council's economic development team had identified a shortage of affordable workspace for "
            "start-ups and makers in {place}. We saw an opportunity to keep the floor in public use while "
            "meeting one of the council's growth priorities.",
        ],
        "action": [
            "We bid with the economic development team for {money} from the UK Shared Prosperity Fund, and "
            "fitted the space with 3D printers, a laser cutter, vinyl cutters and sewing machines. Induction "
            "sessions are free, and materials are sold at cost.",
            "The makerspace is staffed by two technicians and a rota of volunteers, many of them retired "
            "engineers. Schools book term-time sessions in the mornings, and evenings are reserved for "
            "adults and small businesses.",
        ],
        "results": [
            "In the first year {n1} people used the makerspace, including {n2} small businesses that used it "
            "to develop prototypes. Footfall on the floor rose by {pct}, and membership sign-ups at the "
            "central library increased by {pct2}.",
        ],
        "advocacy": [
            "When the estate review returned to Cabinet, the makerspace was described as a regeneration "
            "asset rather than a library cost. The {cabinet} opened the space and has since brought visiting "
            "investors to see it.",
        ],
        "lessons": [
            "Linking library space to the council's growth agenda changes the conversation.",
            "Technicians are essential; enthusiasm is not enough to keep machines running.",
            "Charge for materials, not for access.",
            "Invite members to see things being made.",
        ],
    },
    {
        "titles": [
            "Library on the doorstep: a new home library service",
            "Bringing the library home in {place}",
            "Home library service: reaching residents who cannot visit",
        ],
        "summaries": [
            "We relaunched our home library service in partnership with adult social care. Volunteers now "
            "visit {n1} housebound residents each month, and a joint review found the visits reduced "
            "isolation and helped identify residents needing extra support.",
        ],
        "context": [
            "Our home library service had shrunk to a van round serving a few care homes. Adult social care "
            "told us that isolation among housebound residents was one of the biggest drivers of demand for "
            "their services.",
        ],
        "action": [
            "We recruited and trained {n2} volunteers, each matched with residents living nearby. Volunteers "
            "deliver books, audiobooks and large-print titles every three weeks and stay for a chat. Social "
            "workers can refer residents directly using a shared online form.",
            "Volunteers completed safeguarding training with adult social care, and we agreed a clear route "
            "for reporting concerns. This reassured social workers and made referrals far easier.",
        ],
        "results": [
            "The service now reaches {n1} residents a month, up from 60. A joint review with adult social "
            "care found that {pct} of recipients felt less lonely, and volunteers had raised safeguarding or "
            "welfare concerns about {n2} people who were then supported.",
        ],
        "advocacy": [
            "We costed the prevention value of the service with social care finance colleagues and presented "
            "the figures to the adult social care scrutiny committee. The committee recommended that the "
            "service be protected, and social care now contributes {money} a year to volunteer coordination.",
        ],
        "lessons": [
            "Shared safeguarding training builds trust between services.",
            "Cost the prevention value with finance colleagues, not on your own.",
            "Volunteers need a named coordinator.",
            "Let the people you serve speak to scrutiny members.",
        ],
    },
    {
        "titles": [
            "Job clubs that work",
            "Libraries as employment hubs in {place}",
            "Back to work through the library",
        ],
        "summaries": [
            "Weekly job clubs run with the Department for Work and Pensions helped {n1} residents in {place} "
            "into work or training. Work coaches now hold appointments in libraries, and the partnership has "
            "brought in {money}.",
        ],
        "context": [
            "The Jobcentre serving {place} closed in {year}, leaving residents with a two-bus journey to "
            "attend appointments. The Department for Work and Pensions approached the council looking for "
            "community venues.",
        ],
        "action": [
            "We offered {sites} libraries as outreach sites. Work coaches hold appointments in meeting "
            "rooms, and library staff run job clubs alongside, helping with CVs, online applications and "
            "interview practice.",
            "The partnership agreement included a contribution of {money} towards staffing, cleaning and the "
            "cost of additional public computers.",
        ],
        "results": [
            "Over two years {n1} residents who attended job clubs moved into work or training. Work coaches "
            "reported that appointments held in libraries had a {pct} lower rate of missed appointments than "
            "those at the Jobcentre.",
        ],
        "advocacy": [
            "We made sure that the council's economic strategy included the outcomes. The {cabinet} now "
            "cites the job clubs when explaining why the council has kept all its libraries open.",
        ],
        "lessons": [
            "Government departments need local venues and will pay for them.",
            "Put outcomes in the council's own strategies.",
            "Partnership agreements should cover costs, not just goodwill.",
        ],
    },
    {
        "titles": [
            "Dementia-friendly libraries in {place}",
            "Memories and more: a dementia-friendly service",
            "Remembering together",
        ],
        "summaries": [
            "All {sites} libraries in {place} are now accredited as dementia friendly. Staff were trained, "
            "reminiscence collections created and monthly memory cafés set up with the Alzheimer's charity, "
            "reaching {n1} people with dementia and their carers.",
        ],
        "context": [
            "{place} has one of the oldest populations in the region, and the council's dementia strategy "
            "set a goal of making public buildings dementia friendly. Carers told us that they had stopped "
            "visiting the library because they worried about how staff would react.",
        ],
        "action": [
            "Every member of staff completed dementia awareness training. We created reminiscence boxes on "
            "local themes such as the seaside, the mills and school days, and changed signage and lighting "
            "after an audit by people living with dementia.",
            "Monthly memory cafés, run with the local Alzheimer's charity, give carers a chance to meet each "
            "other and speak to an adviser while their relatives take part in activities.",
        ],
        "results": [
            "In the first year {n1} people living with dementia and their carers attended memory cafés, and "
            "the reminiscence boxes were borrowed {n2} times by care homes. {pct} of carers said that they "
            "felt more confident visiting public places.",
        ],
        "advocacy": [
            "We invited councillors to attend a memory café, and several did. The {cabinet} now chairs the "
            "local dementia action alliance, and libraries are recognised as a delivery partner in the "
            "refreshed dementia strategy.",
        ],
        "lessons": [
            "Ask people living with dementia to audit your buildings.",
            "Carers need support as much as the person with dementia.",
            "Invite councillors to experience a session, not read about it.",
        ],
    },
    {
        "titles": [
            "A library of things for {place}",
            "Borrow, don't buy: the {place} library of things",
            "Sharing for a greener {place}",
        ],
        "summaries": [
            "Our library of things lends drills, carpet cleaners, tents and sewing machines for a small fee. "
            "{n1} loans in a year saved an estimated {n2} kg of waste and supported the council's climate "
            "emergency plan.",
        ],
        "context": [
            "When {council} declared a climate emergency in {year}, every service was asked to contribute to "
            "a net-zero action plan. We wanted libraries to be seen as part of the solution rather than "
            "simply buildings with energy bills.",
        ],
        "action": [
            "With {money} from the council's climate fund we set up lending lockers in {sites} libraries, "
            "stocked with around 150 household items. Residents book online and pay a small fee, with free "
            "loans for those receiving council tax support.",
            "We partnered with a repair café, which now meets monthly in the central library and repairs "
            "items for the collection as well as for residents.",
        ],
        "results": [
            "In the first year there were {n1} loans, and the most popular items were carpet cleaners, "
            "drills and gazebos. Using the partner charity's calculator, we estimated that the scheme "
            "avoided {n2} kg of waste and saved residents {money2}.",
        ],
        "advocacy": [
            "The library of things features in the council's annual climate report, and the {cabinet} "
            "launched the second year at the borough's climate summit. We have been asked to contribute to "
            "the council's circular economy strategy.",
        ],
        "lessons": [
            "Tie library projects to the council's declared priorities.",
            "Concessionary loans keep the offer fair.",
            "A partner charity can bring credible impact figures.",
        ],
    },
    {
        "titles": [
            "Summer without hunger: holiday activities in libraries",
            "HAF in the library",
            "Food, fun and reading: {place}'s summer programme",
        ],
        "summaries": [
            "Libraries delivered the Holiday Activities and Food programme in {sites} branches, offering "
            "free meals, reading activities and crafts to {n1} children eligible for free school meals. The "
            "summer reading challenge completion rate rose by {pct}.",
        ],
        "context": [
            "The council's Holiday Activities and Food programme struggled to find venues in some "
            "neighbourhoods, and uptake among younger children was low. Our libraries were already busy in "
            "the summer with the reading challenge.",
        ],
        "action": [
            "We offered {sites} libraries as venues and worked with a local catering social enterprise to "
            "provide hot lunches. Activities included storytelling, comic drawing, coding clubs and visits "
            "from authors.",
            "Every child who attended was signed up to the summer reading challenge and given a book to "
            "keep, funded by {money} from the programme.",
        ],
        "results": [
            "{n1} children attended at least one session. The summer reading challenge completion rate in "
            "participating libraries rose by {pct}, and {n2} children joined the library for the first time.",
        ],
        "advocacy": [
            "The children's services director wrote to the {cabinet} to describe the partnership as a model "
            "for the council. Libraries now sit on the programme steering group.",
        ],
        "lessons": [
            "Food brings families in; books keep them coming back.",
            "Link new funding to existing library programmes.",
            "Get the director of children's services to tell your story.",
        ],
    },
    {
        "titles": [
            "Conversation clubs: English for new neighbours",
            "Talking together in {place}",
            "Welcome to {place}: conversation clubs in libraries",
        ],
        "summaries": [
            "Volunteer-led English conversation clubs in {sites} libraries help refugees and new arrivals "
            "practise English and build confidence. {n1} people attended in the first year, and {pct} moved "
            "on to formal ESOL courses.",
        ],
        "context": [
            "The resettlement of families in {place} from {year} onwards put pressure on ESOL classes, which "
            "had long waiting lists. The council's resettlement team asked us whether libraries could offer "
            "informal practice.",
        ],
        "action": [
            "We recruited {n2} volunteers, trained them with a local refugee charity and set up weekly "
            "conversation clubs. Each club has a theme, such as visiting the GP or talking to a child's "
            "teacher, and ends with time for informal chat.",
        ],
        "results": [
            "{n1} people attended in the first year. {pct} moved on to formal ESOL courses, and the "
            "resettlement team reported that families were more confident using local services.",
            "Several volunteers were themselves former refugees, and three have since been employed by the "
            "library service.",
        ],
        "advocacy": [
            "We worked with the council's communications team on a short film featuring a family who had "
            "attended the clubs. It was shown at full council, and the {cabinet} referred to it in the "
            "budget debate when arguing for the libraries budget to be protected.",
        ],
        "lessons": [
            "Informal practice complements formal courses.",
            "Recruit volunteers from the communities you serve.",
            "Film can carry voices into council chambers.",
        ],
    },
    {
        "titles": [
            "Business and IP Centre {place}",
            "Supporting start-ups in the library",
            "Enterprise on the high street",
        ],
        "summaries": [
            "Our Business and IP Centre has supported {n1} entrepreneurs since {year}, helping create {n2} "
            "new businesses. A {money} investment from the council's regeneration budget has been repaid "
            "several times over in business rates and jobs.",
        ],
        "context": [
            "The high street in {place} had lost many of its shops, and the council's regeneration plan set "
            "a target for new business starts. We believed the library could offer a free, neutral space for "
            "people with business ideas.",
        ],
        "action": [
            "We joined the national Business and IP Centre network, refurbished part of the central library "
            "and launched a programme of workshops, one-to-one advice and access to market research "
            "databases. The council invested {money} from its regeneration budget.",
        ],
        "results": [
            "Since opening, the centre has supported {n1} entrepreneurs, {pct} of them women and {pct2} from "
            "ethnic minority backgrounds. {n2} new businesses have started, creating an estimated 180 jobs.",
        ],
        "advocacy": [
            "We reported outcomes each quarter to the regeneration board, using the same measures as other "
            "economic development projects. This made it easy for councillors to compare value for money, "
            "and the centre is now funded in the council's medium-term financial plan.",
        ],
        "lessons": [
            "Use the measures your partners already report on.",
            "Quarterly reporting keeps a project visible.",
            "A national network brings credibility and resources.",
        ],
    },
    {
        "titles": [
            "Young voices: a library youth panel",
            "Designed by teenagers: {place}'s teen spaces",
            "Handing over the keys: young people shaping libraries",
        ],
        "summaries": [
            "A youth panel of {n2} young people redesigned teen spaces in {sites} libraries and now advises "
            "on stock and events. Teenage visits rose by {pct}, and the panel presented to full council.",
        ],
        "context": [
            "Visits by young people aged 13 to 18 had fallen steadily for five years. Our teen collections "
            "were tired, and the spaces felt designed for younger children.",
        ],
        "action": [
            "We recruited a youth panel through schools and youth clubs and gave them a budget of {money} to "
            "redesign the teen areas. They chose furniture, set rules for the space and selected new stock, "
            "including graphic novels and revision guides.",
            "The panel also organised events, including an open-mic night and a gaming tournament, which "
            "attracted young people who had not visited a library for years.",
        ],
        "results": [
            "Visits by teenagers rose by {pct} in the first year, and borrowing from the teen collection "
            "doubled. {n2} members of the panel gained an accredited volunteering award.",
        ],
        "advocacy": [
            "Two panel members presented their work at full council. Their confidence made a strong "
            "impression, and the {cabinet} asked us to extend the model to the council's youth strategy.",
        ],
        "lessons": [
            "Give young people real decisions and a real budget.",
            "Young people are powerful advocates in council chambers.",
            "Small changes to spaces can transform use.",
        ],
    },
]

GENERIC_PARAS = [
    "Getting the project started was harder than it looks on paper. Two of the partner organisations had "
    "different reporting years from ours, and it took several months to agree a data-sharing agreement that "
    "satisfied both legal teams. In hindsight we should have involved information governance colleagues at "
    "the very beginning rather than after the funding had been confirmed.",
    "Staff were central to the work. We held briefing sessions in every library before launch, invited "
    "frontline staff to suggest improvements and shared feedback from residents each month. Several staff "
    "members took on new responsibilities as a result, and two have since been promoted into development "
    "roles.",
    "We kept elected members informed at every stage. Ward councillors received a short note before any "
    "activity started in their area, and we invited them to see sessions for themselves. A number of "
    "councillors have since become regular visitors and promote the library on their own social media.",
    "Evaluation was built in from the beginning. We agreed a small number of measures with partners, "
    "collected them consistently and published a short report after the first year. The report was written "
    "in plain English with photographs and quotes, and we designed it so that it could be lifted straight "
    "into committee papers.",
    "The project has also changed how the library service is seen inside the council. Colleagues in other "
    "departments now approach us with ideas, and we are routinely invited to take part in planning for new "
    "initiatives rather than hearing about them once decisions have been taken.",
    "Not everything worked. Attendance at weekend sessions was poor, and one partner found it hard to "
    "provide staff consistently. We moved activity to weekday afternoons and agreed a back-up rota, which "
    "solved most of the problems, although it took longer than we would have liked.",
    "Communication with residents relied on a mix of channels. We used the council's social media accounts "
    "and newsletters, but the most effective promotion was word of mouth and posters in GP surgeries, "
    "pharmacies and community centres. We also produced leaflets in the five most widely spoken community "
    "languages.",
    "Looking ahead, we are planning to extend the work to our smaller branches and mobile library stops. We "
    "have applied to a national trust for a further two years of funding and are discussing with partners "
    "how the costs could eventually be absorbed into mainstream budgets.",
    "Volunteers gave more than 2,300 hours of their time in the first year. Many told us that volunteering "
    "had given them a sense of purpose, and the volunteer coordinator worked hard to match people to roles "
    "that suited their skills and availability.",
    "Throughout the project we were careful to link our reporting to the council plan. Every update to "
    "senior managers explained which corporate priority the work supported and what difference it had made, "
    "so that the case for libraries was made in the council's own language.",
    "One of the unexpected benefits was the effect on the wider library offer. People who came in for the "
    "project often went on to borrow books, join a reading group or use the computers, and overall "
    "membership in the participating libraries grew during the year.",
    "We shared the approach through regional networks and at a national conference. Three other library "
    "services have since visited, and we have published our templates, risk assessments and evaluation forms "
    "so that others can adapt them without starting from scratch.",
    "Managing the budget required careful planning. We set aside a contingency for unexpected costs, "
    "reviewed spending monthly with the finance business partner and reported any changes to the funder "
    "promptly. This discipline meant that the project finished within budget and helped us win the trust of "
    "the funder for future bids.",
    "A short case study film, made by a local media student, has been viewed more than four thousand times "
    "and is used by the council's communications team when they need an example of services working "
    "together. It cost very little to make and has been one of our most effective advocacy tools.",
]

GENERIC_LESSONS = [
    "Start with the partner's priorities, not your own.",
    "Build evaluation in from the beginning.",
    "Keep councillors informed before they hear about it elsewhere.",
    "Involve frontline staff early; they know what residents need.",
    "Plain-English reports travel further than long documents.",
    "Agree data sharing before the project starts.",
    "Celebrate small wins publicly.",
    "Do not be afraid to stop what is not working.",
    "Volunteers need as much support as paid staff.",
    "Budget for evaluation and communications from day one.",
    "Use the council's own language when reporting outcomes.",
    "Relationships matter more than formal agreements.",
    "Invite decision-makers to see the work for themselves.",
    "Share your templates so others can build on them.",
    "Make sure the project has a named owner in each partner organisation.",
]

# Label wordings per field. Entries ending in "?" are question-style labels.
LABELS = {
    "name": [
        "Your name",
        "Name",
        "Full name",
        "What is your name?",
        "Name of person submitting",
        "Contact name",
        "Submitted by",
        "Your full name",
        "Name of submitter",
        "Your name?",
    ],
    "job_title": [
        "Job title / position",
        "Job title",
        "Position",
        "Your role",
        "What is your job title?",
        "Role / job title",
        "Job title/position",
        "Your job title",
        "Position / role",
        "What is your role?",
    ],
    "email": [
        "Email address",
        "E-mail",
        "Email",
        "Your email address",
        "Contact email",
        "What is your email address?",
        "E-mail address",
        "Email address for contact",
        "Contact e-mail",
    ],
    "organisation": [
        "Name of library service/local authority",
        "Library service / local authority",
        "Which library service or local authority do you work for?",
        "Organisation",
        "Local authority",
        "Library service",
        "Authority / library service",
        "Council / library service",
        "Name of library service or local authority",
        "Organisation (library service / council)",
    ],
    "title": [
        "Suggested title for case study",
        "Case study title",
        "Title",
        "Proposed title",
        "Title of case study",
        "What would you like to call your case study?",
        "Suggested title",
        "What is the title of your case study?",
        "Working title for case study",
        "Title for your case study",
    ],
    "summary": [
        "Summary of case study",
        "Summary",
        "Brief summary",
        "Short summary",
        "Case study summary",
        "Please summarise your case study",
        "Summary of the case study",
        "Overview",
        "Can you summarise the case study?",
    ],
    "description": [
        "Description of the project / initiative / approach",
        "Project description",
        "Description",
        "Describe the project",
        "Full description",
        "Tell us about the project / initiative / approach",
        "Description of the project",
        "Description of project/initiative/approach",
        "Please describe the project, initiative or approach",
        "What did you do?",
        "Can you describe the project, initiative or approach?",
    ],
    "lessons": [
        "Key lessons learned",
        "Key lessons learnt",
        "Lessons learned",
        "Lessons learnt",
        "What were the key lessons?",
        "Key learning",
        "What did you learn?",
        "Key learning points",
        "Lessons learned / key learning",
        "What lessons did you learn?",
    ],
}

CANON_LABELS = {
    "name": "Your name",
    "job_title": "Job title / position",
    "email": "Email address",
    "organisation": "Name of library service/local authority",
    "title": "Suggested title for case study",
    "summary": "Summary of case study",
    "description": "Description of the project / initiative / approach",
    "lessons": "Key lessons learned",
}

LIMITS = {"summary": 50, "description": 750, "lessons": 100}

HINTS = [
    "(max {n} words)",
    "({n} words max)",
    "(no more than {n} words)",
    "(maximum {n} words)",
    "(up to {n} words)",
    "[max {n} words]",
    "({n} words)",
    "(max. {n} words)",
    "(word limit: {n})",
    "({n} word limit)",
    "(max {n})",
]

GREETINGS = [
    "Dear team,",
    "Hi,",
    "Hello,",
    "Dear Case Studies Team,",
    "Good morning,",
    "Dear colleagues,",
    "Hi all,",
    "Good afternoon,",
    "Dear Helen,",
    "Hello there,",
]

INTROS = [
    "Please see our case study below.",
    "Here's our submission for the advocacy case studies call - I've used the headings from the form.",
    "I'm pleased to submit the following case study on behalf of {libs}.",
    "Apologies for the late submission; I hope it can still be considered.",
    "Thank you for the chance to take part. I've pasted our answers into the email as our Word licence has "
    "lapsed!",
    "As promised at the regional meeting, here is our case study.",
    "Below is our entry for the case study collection. Happy to answer any questions.",
]

SIGNOFFS = [
    "Best wishes,",
    "Kind regards,",
    "Many thanks,",
    "Regards,",
    "Thanks,",
    "All the best,",
    "With thanks,",
    "Best,",
    "Warm regards,",
    "Thanks again,",
]

DISCLAIMERS = [
    "This email and any attachments are confidential and intended solely for the addressee. If you have "
    "received it in error, please notify the sender and delete it. Any views expressed are those of the "
    "author and not necessarily those of {council}.",
    "DISCLAIMER: The information in this message is confidential and may be legally privileged. {council} "
    "monitors email traffic for security purposes.",
    "Think before you print. {council} is committed to reducing its environmental impact.",
    "Emails sent to and from {council} may be subject to disclosure under the Freedom of Information Act "
    "2000.",
]

CALL_TEXT = (
    """Dear colleagues,

"""
    "The Libraries Advocacy Network is collecting short case studies showing how library services make the "
    "case for libraries with councillors, senior officers and partners.\n"
    """
"""
    "Please reply to this email with your answers under the headings below, or complete the attached Word "
    "form, by Friday 28 March 2025.\n"
    """
Your name:
Job title / position:
Email address:
Name of library service/local authority:
Suggested title for case study:
Summary of case study (max 50 words):
Description of the project / initiative / approach (max 750 words):
Key lessons learned (max 100 words):

With thanks,

Helen Marsh
Membership and Programmes Officer
Libraries Advocacy Network"""
)

ASSOC = ("Libraries Advocacy Network", "casestudies@librariesadvocacy.org.uk")
STAFF = [
    ("Helen Marsh", "helen.marsh@librariesadvocacy.org.uk"),
    ("Owen Pritchard", "owen.pritchard@librariesadvocacy.org.uk"),
    ("Grace Adeyemi", "grace.adeyemi@librariesadvocacy.org.uk"),
]
