"""Fictional content for the held-out-2 generator: people, projects, phrasings.

Everything here is invented. Council names are used only to make the text look realistic;
figures, projects and people are fictional.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------------------------
# People: (name, job title, council (employer), library service answer, short place, domain)
# ---------------------------------------------------------------------------------------------
PEOPLE = [
    (
        "Rhiannon Pugh-Evans",
        "Head of Libraries and Culture",
        "Torfaen County Borough Council",
        "Torfaen Libraries",
        "Torfaen",
        "torfaen.gov.uk",
    ),
    (
        "Oluwaseun Adeyemi",
        "Libraries Service Manager",
        "London Borough of Bexley",
        "Bexley Libraries",
        "Bexley",
        "bexley.gov.uk",
    ),
    (
        "Siobhán Ní Bhriain",
        "Assistant Director – Libraries, Arts and Heritage",
        "Cheshire West and Chester Council",
        "Cheshire West Libraries",
        "Cheshire West",
        "cheshirewestandchester.gov.uk",
    ),
    (
        "Marek Nowak",
        "Strategic Lead for Libraries",
        "Rotherham Metropolitan Borough Council",
        "Rotherham Libraries & Neighbourhood Hubs",
        "Rotherham",
        "rotherham.gov.uk",
    ),
    (
        "Priya Raghunathan",
        "Head of Library Services",
        "Stockport Metropolitan Borough Council",
        "Stockport Libraries",
        "Stockport",
        "stockport.gov.uk",
    ),
    (
        "Hamish MacLeod",
        "Libraries and Information Services Manager",
        "Dumfries and Galloway Council",
        "Dumfries and Galloway Libraries, Information and Archives",
        "Dumfries and Galloway",
        "dumgal.gov.uk",
    ),
    (
        "Gwenllian Rees",
        "Principal Librarian",
        "Powys County Council",
        "Powys Library Service",
        "Powys",
        "powys.gov.uk",
    ),
    (
        "Tomasz Wiśniewski",
        "Service Lead – Libraries",
        "Halton Borough Council",
        "Halton Libraries",
        "Halton",
        "halton.gov.uk",
    ),
    (
        "Beatrice O’Connell",
        "Chief Librarian",
        "Calderdale Council",
        "Calderdale Libraries",
        "Calderdale",
        "calderdale.gov.uk",
    ),
    (
        "Kwame Mensah",
        "Head of Libraries & Registration",
        "North Somerset Council",
        "North Somerset Libraries",
        "North Somerset",
        "n-somerset.gov.uk",
    ),
    (
        "Morag Sutherland",
        "Libraries Development Manager",
        "High Life Highland",
        "High Life Highland Libraries",
        "Highland",
        "highlifehighland.com",
    ),
    (
        "Anjali Desai",
        "Libraries Transformation Manager",
        "Leicester City Council",
        "Leicester Libraries",
        "Leicester",
        "leicester.gov.uk",
    ),
    (
        "Eleri Huws",
        "Head of Libraries",
        "Cyngor Gwynedd",
        "Llyfrgelloedd Gwynedd Libraries",
        "Gwynedd",
        "gwynedd.llyw.cymru",
    ),
    (
        "Declan Mulholland",
        "Head of Library Services",
        "Libraries NI",
        "Libraries NI",
        "Northern Ireland",
        "librariesni.org.uk",
    ),
    (
        "Fatima Benali",
        "Library Services Manager",
        "London Borough of Waltham Forest",
        "Waltham Forest Libraries",
        "Waltham Forest",
        "walthamforest.gov.uk",
    ),
    ("Callum Strachan", "Libraries Manager", "Fife Cultural Trust", "OnFife Libraries", "Fife", "onfife.com"),
    (
        "Harriet Okonkwo-Smith",
        "Head of Customer Services and Libraries",
        "West Berkshire Council",
        "West Berkshire Libraries",
        "West Berkshire",
        "westberks.gov.uk",
    ),
    (
        "Jonty Ashworth",
        "Library Service Manager",
        "Redcar and Cleveland Borough Council",
        "Redcar & Cleveland Libraries",
        "Redcar and Cleveland",
        "redcar-cleveland.gov.uk",
    ),
    (
        "Niamh Cassidy",
        "Senior Manager – Libraries",
        "Shropshire Council",
        "Shropshire Libraries",
        "Shropshire",
        "shropshire.gov.uk",
    ),
    (
        "Imran Qureshi",
        "Head of Libraries, Museums and Galleries",
        "City of Bradford Metropolitan District Council",
        "Bradford Libraries",
        "Bradford",
        "bradford.gov.uk",
    ),
    (
        "Lowri Bevan-Thomas",
        "Library & Information Services Manager",
        "Awen Cultural Trust",
        "Awen Libraries (Bridgend)",
        "Bridgend",
        "awen-wales.com",
    ),
    (
        "Agnieszka Kowalczyk",
        "Reader Development & Outreach Manager",
        "Vivacity",
        "Peterborough Libraries",
        "Peterborough",
        "vivacity.org",
    ),
    (
        "Rupert Fanshawe",
        "Director of Libraries",
        "Suffolk Libraries",
        "Suffolk Libraries",
        "Suffolk",
        "suffolklibraries.co.uk",
    ),
    (
        "Chidinma Eze",
        "Libraries Lead",
        "London Borough of Lewisham",
        "Lewisham Libraries",
        "Lewisham",
        "lewisham.gov.uk",
    ),
    (
        "Ailsa Drummond",
        "Service Manager (Libraries & Museums)",
        "ANGUSalive",
        "ANGUSalive Libraries",
        "Angus",
        "angusalive.scot",
    ),
    (
        "Gareth Llewellyn",
        "Head of Community Services",
        "Merthyr Tydfil County Borough Council",
        "Merthyr Tydfil Libraries",
        "Merthyr Tydfil",
        "merthyr.gov.uk",
    ),
    (
        "Yusuf Patel",
        "Library Operations Lead",
        "Blackburn with Darwen Borough Council",
        "Blackburn with Darwen Library and Information Service",
        "Blackburn with Darwen",
        "blackburn.gov.uk",
    ),
    (
        "Rosalind Achterberg",
        "Head of Libraries, Archives and Information",
        "Explore York",
        "Explore York Libraries and Archives",
        "York",
        "exploreyork.org.uk",
    ),
    (
        "Bethan Maddox",
        "Principal Libraries Officer",
        "Monmouthshire County Council",
        "Monmouthshire Libraries",
        "Monmouthshire",
        "monmouthshire.gov.uk",
    ),
    (
        "Dominic Faraday-Clarke",
        "Libraries Commissioning Manager",
        "Nottinghamshire County Council",
        "Inspire – Culture, Learning and Libraries",
        "Nottinghamshire",
        "nottscc.gov.uk",
    ),
    (
        "Sunita Bhattacharya",
        "Head of Libraries and Community Hubs",
        "Slough Borough Council",
        "Slough Libraries",
        "Slough",
        "slough.gov.uk",
    ),
    (
        "Ewan McCreadie",
        "Team Leader – Libraries and Learning",
        "East Ayrshire Leisure",
        "East Ayrshire Libraries",
        "East Ayrshire",
        "eastayrshireleisure.com",
    ),
    (
        "Zainab Hussain",
        "Libraries & Information Manager",
        "Oldham Council",
        "Oldham Libraries",
        "Oldham",
        "oldham.gov.uk",
    ),
    (
        "Piers Trelawney",
        "Head of Library Services",
        "Cornwall Council",
        "Cornwall Libraries",
        "Cornwall",
        "cornwall.gov.uk",
    ),
    (
        "Mairéad Kelleher",
        "Library Services Manager",
        "Isle of Wight Council",
        "Isle of Wight Libraries",
        "Isle of Wight",
        "iow.gov.uk",
    ),
    (
        "Adebayo Ogundipe",
        "Head of Libraries",
        "London Borough of Croydon",
        "Croydon Libraries",
        "Croydon",
        "croydon.gov.uk",
    ),
    (
        "Ffion Gwilym",
        "Libraries and Information Manager",
        "Ceredigion County Council",
        "Ceredigion Libraries",
        "Ceredigion",
        "ceredigion.gov.uk",
    ),
    (
        "Lachlan Ferguson",
        "Libraries Manager",
        "Orkney Islands Council",
        "Orkney Library & Archive",
        "Orkney",
        "orkney.gov.uk",
    ),
    (
        "Hyacinth Barrington",
        "Libraries, Heritage and Arts Manager",
        "Sandwell Council",
        "Sandwell Libraries",
        "Sandwell",
        "sandwell.gov.uk",
    ),
    (
        "Rory Kinsella",
        "Head of Libraries and Information Services",
        "Stoke-on-Trent City Council",
        "Stoke-on-Trent Libraries",
        "Stoke-on-Trent",
        "stoke.gov.uk",
    ),
    (
        "Jasmine Achebe-Clarke",
        "Assistant Head of Service (Libraries)",
        "Wokingham Borough Council",
        "Wokingham Borough Libraries",
        "Wokingham",
        "wokingham.gov.uk",
    ),
    (
        "Seren Prydderch",
        "Library Development Officer",
        "Pembrokeshire County Council",
        "Pembrokeshire Libraries",
        "Pembrokeshire",
        "pembrokeshire.gov.uk",
    ),
]

# Colleagues who forward things (fictional)
ASSOCIATION_STAFF = [
    ("Marian Tully", "marian.tully@librariesadvocacy.org.uk", "Programme Officer"),
    ("Dev Chauhan", "dev.chauhan@librariesadvocacy.org.uk", "Network Coordinator"),
]
INTAKE = "casestudies@librariesadvocacy.org.uk"
ASSOC_NAME = "Libraries Advocacy Network"
CALL_MSGID = "<call-2025-02-03.0915.7QX2@librariesadvocacy.org.uk>"
CALL_SUBJECT = "Call for case studies: advocating for your library service"

# ---------------------------------------------------------------------------------------------
# Projects. {A} is replaced by the short place name.
# ---------------------------------------------------------------------------------------------
PROJECTS = [
    dict(
        key="warm_spaces",
        title="Warm, welcoming and counted: libraries as warm spaces",
        summary=(
            "{A} libraries opened as warm spaces through two winters. By recording every visit "
            "and conversation, we showed public health that libraries reached 41,000 residents "
            "at £1.90 per visit, securing £95,000 of recurring funding for extended hours."
        ),
        description=[
            "In autumn 2022 the council asked every service what it could do about the cost of living. "
            "Many organisations were opening warm spaces, but I was concerned that libraries would simply "
            "be listed alongside church halls and community centres, with no recognition of what we "
            "already offered or what it cost us to open for longer.",
            "We agreed with public health that all 12 libraries would be registered warm spaces, with "
            "extended opening on weekday evenings, free hot drinks and a member of staff trained to have a "
            "conversation about money worries. Crucially, we designed a simple tally sheet so that staff "
            "recorded every visit and every referral, and we shared the data with public health every month.",
            "Over two winters we recorded 41,000 warm space visits and 1,350 referrals to the welfare rights "
            "team, the energy advice service and food support. The cost per visit, including staff time, was "
            "£1.90, compared with an estimated £4.60 at commissioned venues. Many people told us the library "
            "was the only place they spoke to anyone that day.",
            "When public health reviewed its prevention budget in 2024, the evidence made the decision "
            "straightforward. The director of public health recommended £95,000 a year of recurring funding "
            "for extended hours in the five busiest libraries, and the Cabinet Member for Health now cites "
            "libraries as a model of low-cost prevention.",
        ],
        lessons=(
            "Count everything from day one, even when it feels bureaucratic. Compare your costs with "
            "the alternatives commissioners already pay for. Frame the library as part of another "
            "department’s strategy rather than asking for help with your own."
        ),
    ),
    dict(
        key="device_lending",
        title="Data, devices and a doorstep: digital lending in {A}",
        summary=(
            "We lent 400 laptops and tablets with free data to residents without internet access, "
            "working with housing and adult learning. 78% of borrowers completed an online task they "
            "could not do before, and the scheme is now funded from the council’s digital strategy."
        ),
        description=[
            "{A} has some of the lowest levels of home broadband in the region, and during the pandemic we "
            "saw residents queuing outside libraries to use the public computers. Lending equipment seemed "
            "the obvious answer, but we had no budget and little experience of managing devices outside "
            "the building.",
            "I approached the council’s housing service, which was struggling to move tenants onto its "
            "online repairs portal. Housing provided £60,000 from its tenant engagement budget, and the "
            "adult learning team agreed to deliver short courses for borrowers. We bought 400 refurbished "
            "laptops and tablets, each with a SIM card giving 20GB of data a month, and lent them for up to "
            "twelve weeks.",
            "Every borrower had a one-to-one session with a digital champion when they collected the device, "
            "and a follow-up call after four weeks. 78% had completed a task they could not do before, most "
            "commonly applying for benefits, booking health appointments or contacting their children’s "
            "school.",
            "Losses were lower than colleagues had feared: only 11 devices were not returned. The evidence "
            "persuaded the council’s digital strategy board to fund the scheme as a permanent service, and "
            "housing now refers tenants to us routinely.",
        ],
        lessons=(
            "Find the department with a digital problem it cannot solve alone. Measure outcomes that "
            "matter to that partner, not just loans. Do not let fears about losses stop you from "
            "starting; good processes keep them low."
        ),
    ),
    dict(
        key="business_hub",
        title="From library card to business plan",
        summary=(
            "Our business and enterprise hub supported 620 people to start or grow a business in three "
            "years, 37% of them women from ethnic minority backgrounds. Economic development now "
            "co-funds two posts, and the hub is written into the inclusive growth plan."
        ),
        description=[
            "The council’s economic strategy focused on attracting large employers, and libraries did not "
            "feature in it. I believed that our free access to market research databases, our welcoming "
            "buildings and our reach into communities that never approach business support agencies gave us "
            "something distinctive to offer.",
            "With a small grant from the national network of business and intellectual property centres, we "
            "opened a business and enterprise hub in the central library in 2021. We ran monthly workshops "
            "on "
            "registering a company, social media marketing and protecting ideas, and offered one-to-one "
            "sessions with a specialist librarian.",
            "We promoted the hub through community organisations, mosques, gurdwaras and women’s networks "
            "rather than the usual business channels. Over three years 620 people attended at least one "
            "session. 37% of them were women from ethnic minority backgrounds, a group the council’s own "
            "business support service had struggled to reach, and 140 went on to start trading.",
            "I shared these figures with the head of economic development, together with case studies of "
            "individual entrepreneurs. The economic development team now co-funds two enterprise librarian "
            "posts, and the hub is named as a delivery partner in the inclusive growth plan adopted in 2024.",
        ],
        lessons=(
            "Position the library as a route to people other services cannot reach. Individual success "
            "stories open doors, but the demographic data closed the deal. Learn the language of economic "
            "development: starts, survival rates and jobs created."
        ),
    ),
    dict(
        key="blood_pressure",
        title="Know your numbers at the library",
        summary=(
            "Libraries hosted free blood pressure checks with public health and community pharmacists. "
            "2,240 residents were checked in 18 months and 310 referred to their GP with high readings, "
            "earning libraries a place in the council’s prevention strategy."
        ),
        description=[
            "High blood pressure is one of the biggest causes of preventable illness in {A}, and many people "
            "who have it do not know. Public health had funded checks in GP surgeries and pharmacies, but "
            "uptake among men and younger adults was low.",
            "We suggested that libraries could reach people who would never book a health check. Public "
            "health "
            "trained 24 library staff and volunteers to use validated blood pressure monitors, and community "
            "pharmacists attended drop-in sessions at the four busiest libraries once a fortnight. "
            "Self-service "
            "monitors were also installed in six branches with simple instructions and leaflets.",
            "In 18 months 2,240 residents were checked, and 310 with high readings were referred to their "
            "GP. "
            "Nearly half of those checked were men, and a third were under 45. Public health reported the "
            "results to the health and wellbeing board, with quotes from residents who had started "
            "treatment.",
            "The project gave the library service a place in the council’s prevention strategy for the first "
            "time, and the director of public health has become one of our most vocal supporters in budget "
            "discussions.",
        ],
        lessons=(
            "Libraries can reach groups that health services miss, but you need the data to prove it. "
            "Let the health partner present the results; it carries more weight. Start small and expand "
            "once the model works."
        ),
    ),
    dict(
        key="social_prescribing",
        title="Prescribing the library: a social prescribing partnership",
        summary=(
            "We became a formal partner of the social prescribing service run by our primary care "
            "networks. Link workers referred 870 residents to library activities in a year, and "
            "wellbeing scores improved, helping to protect our reading groups from cuts."
        ),
        description=[
            "In 2023 the council proposed to stop funding our reading groups and craft clubs as part of a "
            "package of savings. These activities were seen as nice to have rather than essential. At the "
            "same "
            "time, the primary care networks were recruiting social prescribing link workers and looking for "
            "activities to which they could refer patients.",
            "I met the social prescribing lead and offered a simple arrangement: link workers could refer "
            "patients directly to any library activity, and library staff would welcome them personally and "
            "let the link worker know if they attended. We created a single referral form and a monthly "
            "timetable of activities across all branches.",
            "In the first year link workers referred 870 people, most of them experiencing loneliness, "
            "anxiety "
            "or low mood. Participants completed a short wellbeing questionnaire when they joined and after "
            "three months. Average scores improved by 14%, and several people went on to volunteer in the "
            "library.",
            "We presented the findings to the scrutiny committee alongside the savings proposal. Members "
            "agreed "
            "that the activities were part of the health system’s prevention offer, and the cut was "
            "withdrawn. "
            "The primary care networks now contribute £22,000 a year towards materials and staff time.",
        ],
        lessons=(
            "What looks discretionary to the council can look essential to the NHS. Make referral easy "
            "for partners and feed back on every referral. Wellbeing data, however simple, changes the "
            "conversation with scrutiny members."
        ),
    ),
    dict(
        key="summer_reading",
        title="Closing the summer gap with schools",
        summary=(
            "By sharing data with schools, we targeted the Summer Reading Challenge at pupils eligible "
            "for free school meals. Their participation rose from 9% to 31%, and the education "
            "directorate now funds a schools liaison librarian."
        ),
        description=[
            "Teachers in {A} told us that many children, particularly from disadvantaged families, lost "
            "ground in reading over the summer holidays. Our Summer Reading Challenge was popular, but the "
            "children taking part were mostly those who already visited libraries.",
            "We agreed a data sharing arrangement with 28 primary schools so that we could see, anonymously, "
            "how many children eligible for free school meals took part. In 2022 the figure was just 9%. We "
            "then visited every school assembly in June, gave each child a library card application, and "
            "held "
            "a launch event in each school’s nearest library with the holiday activities and food programme.",
            "In 2023 participation among children eligible for free school meals rose to 31%, and head "
            "teachers reported that pupils who completed the challenge returned to school as more confident "
            "readers. We presented the results to the schools forum and to the Cabinet Member for Children "
            "and Young People.",
            "The education directorate now funds a full-time schools liaison librarian, and the challenge is "
            "included in the council’s strategy for disadvantaged pupils.",
        ],
        lessons=(
            "Data sharing with schools takes time to set up but is worth it. Go to the children rather "
            "than waiting for them to come to you. Present results to education audiences in their own "
            "terms: attainment and disadvantage."
        ),
    ),
    dict(
        key="colocation",
        title="Saving a library by sharing the building",
        summary=(
            "Facing a £180,000 saving, we moved {A} Central Library into the refurbished civic centre "
            "alongside customer services and the registrar. Running costs fell by 40%, visits rose by "
            "22%, and no library closed."
        ),
        description=[
            "In 2022 the council needed to save £180,000 from the library budget. The central library "
            "occupied "
            "an ageing building with high energy costs and a large maintenance backlog, and closing it was "
            "one "
            "of the options presented to members.",
            "I worked with the council’s property team to look at the whole estate. The civic centre had two "
            "floors that were underused since staff began working from home. We proposed moving the library "
            "into the ground floor, sharing a reception with customer services and the registration service, "
            "and releasing the old building for sale.",
            "The move was not simple. Staff were anxious about working alongside other services, and some "
            "residents worried that the library would lose its identity. We involved staff in the design of "
            "the new space, held drop-in sessions for residents, and kept a separate entrance and signage "
            "for "
            "the library.",
            "The new library opened in 2023. Running costs fell by 40%, saving £185,000 a year, and visits "
            "rose "
            "by 22% because people coming to see the registrar or customer services discovered the library. "
            "Capital receipts from the old building were reinvested in the branch network.",
        ],
        lessons=(
            "Look at the whole council estate, not just library buildings. Involve staff early and take "
            "their concerns seriously. A shared building can raise the library’s profile rather than "
            "diminish it."
        ),
    ),
    dict(
        key="open_access",
        title="Open longer with less: technology-enabled opening",
        summary=(
            "Technology-enabled opening let eight branch libraries open for an extra 96 hours a week "
            "without extra staff. We worked with councillors to address safety concerns, and usage data "
            "helped us avoid further cuts to staffed hours."
        ),
        description=[
            "Budget pressures meant that staffed opening hours in our smaller branches had fallen to as "
            "little "
            "as 12 hours a week. Residents complained that the libraries were never open when they needed "
            "them, "
            "and some councillors were questioning whether the buildings were worth keeping.",
            "We trialled technology-enabled opening, which allows registered adults to enter the library "
            "with "
            "their card and PIN when staff are not present. CCTV, automated lighting and announcement "
            "systems "
            "were installed, and staff remain on site for core hours. Ward councillors were invited to see "
            "the "
            "system and raise their concerns about safety and antisocial behaviour before each branch went "
            "live.",
            "Eight branches now open for an extra 96 hours a week in total. 4,300 people registered for "
            "access, "
            "and there have been no serious incidents. Usage data showed that unstaffed hours were "
            "particularly "
            "popular with working parents and students.",
            "The data helped us demonstrate that branches were valued and used, and the proposal to reduce "
            "staffed hours again in 2024 was withdrawn. We are clear with members that the technology "
            "complements staff rather than replacing them.",
        ],
        lessons=(
            "Address councillors’ concerns directly and early. Be honest that technology complements "
            "staff. Collect usage data from day one to show the demand for longer hours."
        ),
    ),
    dict(
        key="home_library",
        title="Library at Home: tackling loneliness through reading",
        summary=(
            "Our volunteer-led home library service doubled to 520 housebound readers after adult social "
            "care started referring clients. Volunteers now report welfare concerns, and adult social "
            "care part-funds the coordinator post."
        ),
        description=[
            "Our home library service had run for decades with little attention from the wider council. It "
            "reached about 260 housebound readers, mostly through word of mouth, and was delivered by a "
            "small "
            "team of volunteers.",
            "I met the head of adult social care to discuss how the service could support their work on "
            "loneliness. We agreed that social workers and occupational therapists would offer a referral to "
            "every client who might benefit, and that volunteers would receive safeguarding training so that "
            "they could report concerns.",
            "Within 18 months the service grew to 520 readers. Volunteers reported 43 welfare concerns, "
            "including falls, signs of self-neglect and scams, which social care followed up. Readers told "
            "us "
            "that the monthly visit was often their main social contact.",
            "Adult social care now funds half of the coordinator post, and the service is included in the "
            "council’s loneliness action plan.",
        ],
        lessons=(
            "Long-standing services can be reframed to meet new council priorities. Volunteers see things "
            "that professionals do not, but they need training and clear routes for reporting. Ask "
            "partners to contribute to costs once they see the value."
        ),
    ),
    dict(
        key="makerspace",
        title="Making it happen: a library makerspace with the university",
        summary=(
            "A partnership with the local university created a makerspace in the central library with 3D "
            "printers, a laser cutter and coding kits. 3,600 people attended sessions in two years, and "
            "the university contributes £40,000 a year."
        ),
        description=[
            "The local university wanted to widen participation in science and engineering, particularly "
            "among "
            "young people from areas with low progression to higher education. We wanted to refresh the "
            "central library and attract teenagers and young adults.",
            "We converted an underused reference area into a makerspace with 3D printers, a laser cutter, "
            "electronics and coding kits. The university provided equipment and student ambassadors, and "
            "library staff ran the space and booked sessions for schools, families and adults.",
            "In two years 3,600 people attended sessions, and 41% of young participants came from postcodes "
            "with low progression to higher education. Several adult users developed products that they went "
            "on to sell, and a local engineering firm now sponsors a schools competition.",
            "The university contributes £40,000 a year towards staffing and consumables, and the makerspace "
            "is "
            "featured in the council’s bid for regeneration funding.",
        ],
        lessons=(
            "Universities have widening participation targets and budgets; libraries can help meet them. "
            "Shared equipment needs clear ownership and maintenance agreements. Make sure the space is "
            "staffed – technology alone does not attract people."
        ),
    ),
    dict(
        key="dashboard",
        title="Telling our story with data: an impact dashboard for members",
        summary=(
            "We built a simple online dashboard showing library use, outcomes and stories by ward. "
            "Councillors used it during budget setting, and a proposed 15% cut was reduced to 4%."
        ),
        description=[
            "Every year the library service produced an annual report that few councillors read. When a 15% "
            "budget reduction was proposed in 2023, I realised that members did not have the information "
            "they "
            "needed to understand what the service delivered in their own wards.",
            "With help from the council’s business intelligence team, we built a dashboard in Power BI that "
            "showed visits, loans, computer sessions, events and membership by ward, alongside short stories "
            "from residents. We added outcome data from our digital support and family learning sessions, "
            "and "
            "updated it every month.",
            "We briefed every political group on how to use the dashboard, and sent each councillor a "
            "one-page "
            "summary for their ward. During budget setting several members quoted figures from the dashboard "
            "in debate, and the scrutiny committee asked for it to be shared with all services as good "
            "practice.",
            "The final budget reduced the cut from 15% to 4%, and the dashboard is now part of the council’s "
            "performance framework.",
        ],
        lessons=(
            "Councillors think in wards: give them local data. Combine numbers with stories. Make the data "
            "easy to find, easy to understand and up to date, and brief members before budget season "
            "rather than during it."
        ),
    ),
    dict(
        key="pension_credit",
        title="Unclaimed money: libraries and pension credit",
        summary=(
            "Library staff and welfare rights officers ran pension credit drop-ins in 10 libraries. 460 "
            "older residents were helped to claim, bringing an estimated £1.6 million a year into the "
            "local economy."
        ),
        description=[
            "The council’s welfare rights team estimated that thousands of older residents in {A} were "
            "entitled to pension credit but not claiming it. Many did not know about the benefit, found the "
            "application daunting or did not use the internet.",
            "We offered libraries as venues for weekly drop-ins. Welfare rights officers trained library "
            "staff "
            "to have an initial conversation and check eligibility, and officers then helped people to "
            "complete "
            "their claim in a private room. We promoted the sessions through the home library service, "
            "reading "
            "groups, local radio and the council’s newsletter to every household.",
            "In a year 460 residents were helped to make successful claims. Welfare rights estimated that "
            "this "
            "brought £1.6 million a year into the local economy, and each successful claim also unlocked "
            "help "
            "with council tax, heating costs and NHS charges.",
            "The results were reported to Cabinet as part of the cost of living update, and the Leader of "
            "the "
            "Council highlighted libraries as trusted places where residents can find help.",
        ],
        lessons=(
            "Older residents trust libraries more than many other services. Partnerships with welfare "
            "rights bring specialist knowledge, while libraries bring reach. Express the impact in money "
            "that goes back to residents."
        ),
    ),
    dict(
        key="conversation_clubs",
        title="Conversation clubs for new arrivals",
        summary=(
            "Weekly conversation clubs in seven libraries helped 580 refugees and new arrivals practise "
            "English, find services and make friends. Resettlement funding paid for staff, and the "
            "integration strategy now names libraries as a welcome point."
        ),
        description=[
            "Since 2021 {A} has welcomed families through the Afghan and Ukrainian resettlement schemes, as "
            "well as asylum seekers housed in local hotels. Formal English classes had long waiting lists, "
            "and "
            "new arrivals told the resettlement team that they had few chances to practise speaking English.",
            "We set up weekly conversation clubs in seven libraries, facilitated by staff and trained "
            "volunteers. Each session combined informal conversation practice with a short visit from a "
            "local "
            "service, such as the GP practice, Jobcentre or fire service. Children’s activities ran at the "
            "same "
            "time so that parents could attend.",
            "580 people took part in the first two years, from 34 countries. 62% said their confidence in "
            "speaking English had improved, and many joined the library and borrowed books in their first "
            "language. Several participants now volunteer at the clubs themselves.",
            "The resettlement team funded two part-time coordinators from Home Office tariff funding, and "
            "the "
            "council’s integration strategy names libraries as the first point of welcome for new arrivals.",
        ],
        lessons=(
            "Resettlement funding can support library staff if you show a clear link to integration "
            "outcomes. Combine language practice with practical information. Volunteers who were once "
            "participants are the best ambassadors."
        ),
    ),
    dict(
        key="climate",
        title="Libraries on the road to net zero",
        summary=(
            "We repositioned libraries as local climate action hubs, lending thermal cameras and energy "
            "monitors and hosting repair cafés. Over 1,900 energy kits were borrowed, and the "
            "sustainability team now funds our climate programme."
        ),
        description=[
            "The council declared a climate emergency in 2019, but libraries were not mentioned in its "
            "action "
            "plan. I wanted to show that we could help residents take practical action and reach people who "
            "would never attend a sustainability event.",
            "We worked with the sustainability team and the local energy agency to create lending kits "
            "containing thermal imaging cameras, plug-in energy monitors and radiator reflectors. Each loan "
            "included advice on grants for insulation and heat pumps. We also hosted monthly repair cafés "
            "and "
            "seed swaps in four branches.",
            "Over 1,900 energy kits were borrowed in two years, and a follow-up survey found that 58% of "
            "borrowers made at least one change to their home. The repair cafés kept an estimated 2.3 tonnes "
            "of items out of landfill.",
            "The sustainability team now funds the kits and a part-time climate engagement officer based in "
            "the "
            "library service, and libraries are included in the refreshed climate action plan.",
        ],
        lessons=(
            "Find the practical, everyday version of a big corporate priority. Lending kits are cheap and "
            "popular. Report outcomes in the partner’s language: carbon, energy and grants claimed."
        ),
    ),
    dict(
        key="job_coaches",
        title="Libraries working: co-locating job coaches",
        summary=(
            "Jobcentre Plus work coaches now hold appointments in six libraries. 1,140 jobseekers were "
            "supported in a year, 29% moved into work, and the arrangement brings in £18,000 a year in "
            "rent."
        ),
        description=[
            "Rural parts of {A} are more than an hour by bus from the nearest Jobcentre, and claimants told "
            "us "
            "the journey made it difficult to keep appointments. At the same time, several of our branch "
            "libraries had rooms that were rarely used during the day.",
            "I approached the district manager at the Department for Work and Pensions with a proposal for "
            "work "
            "coaches to hold appointments in libraries. We agreed a licence for the rooms, and library staff "
            "offered digital support to help claimants with online applications and their Universal Credit "
            "journals.",
            "In the first year work coaches supported 1,140 people in libraries, and 29% moved into work. "
            "Claimants said that the library felt less intimidating than a Jobcentre, and many joined the "
            "library for the first time.",
            "The licence brings in £18,000 a year, which we use to fund additional digital support sessions. "
            "The arrangement has been extended to two further branches.",
        ],
        lessons=(
            "Government departments have budgets for outreach and may pay for space. Make sure library "
            "staff understand the boundaries of their role. Rental income is modest but shows that "
            "libraries can generate value."
        ),
    ),
    dict(
        key="member_champions",
        title="Every councillor a library champion",
        summary=(
            "We invited every councillor to visit and adopt a library. 41 of 51 councillors took part, "
            "cross-party support grew, and a proposal to close five branches was dropped."
        ),
        description=[
            "After the 2021 elections more than half of our councillors were new, and many had not visited a "
            "library since childhood. When early budget papers suggested closing five branches, I was "
            "worried "
            "that members would not understand what they would lose.",
            "We invited every councillor to adopt the library in or nearest to their ward. Each was offered "
            "a "
            "tour with the branch manager, an invitation to at least one event a year and a termly briefing "
            "with local statistics and stories. We also produced a short guide to the library service for "
            "the "
            "member induction programme.",
            "41 of 51 councillors took part, from all political groups. Many attended rhymetimes, digital "
            "drop-ins and author events, and several began promoting library activities in their ward "
            "newsletters and on social media.",
            "When the closure proposal reached the budget scrutiny panel, members from all parties argued "
            "that "
            "the branches should be kept. The proposal was dropped, and the member champion programme has "
            "been "
            "adopted by the museum and leisure services.",
        ],
        lessons=(
            "Relationships with councillors need to be built before the budget round. Personal experience "
            "of a library is more persuasive than any report. Keep briefings short, local and regular."
        ),
    ),
    dict(
        key="heritage_income",
        title="Our past, paying its way: local studies income",
        summary=(
            "We digitised our local photograph collection and launched a paid research service. Income "
            "of £52,000 in two years offset a cut to the heritage budget, and the collection now "
            "features in council tourism campaigns."
        ),
        description=[
            "Our local studies collection holds more than 60,000 photographs, maps and documents, but it was "
            "used by a small number of researchers and cost £110,000 a year to run. In 2022 it was proposed "
            "that the service be cut back to appointment-only access.",
            "We applied for a heritage grant to digitise 15,000 photographs and made them available online, "
            "with prints and licences available to purchase. We also launched a paid research service for "
            "family historians and businesses, and worked with the council’s communications team to use "
            "historic images in tourism campaigns.",
            "In two years the service earned £52,000 from print sales, licences and research fees. The "
            "online "
            "collection received 210,000 views, and the local newspaper began running a weekly feature using "
            "our images.",
            "The income offset most of the proposed reduction, and the service remains open four days a "
            "week. "
            "The tourism team now pays an annual licence fee for the use of our images.",
        ],
        lessons=(
            "Heritage collections can earn income if you make them easy to find and buy. Work with council "
            "colleagues who need images and stories. Price research services realistically; people will "
            "pay for expertise."
        ),
    ),
    dict(
        key="early_language",
        title="Chatter Matters: early language in libraries",
        summary=(
            "We worked with health visitors to run early language sessions for families of two-year-olds "
            "flagged at their development review. 690 families attended, 72% of children improved their "
            "communication score, and the health visiting contract now includes libraries."
        ),
        description=[
            "Health visitors in {A} reported a sharp increase in two-year-olds with delayed speech and "
            "language after the pandemic. Speech and language therapy waiting lists were long, and many "
            "families did not meet the threshold for referral.",
            "We designed a six-week programme of rhymes, stories and play for families of children flagged "
            "at "
            "their two-year development review. Health visitors referred families, and library staff "
            "delivered "
            "the sessions after training from a speech and language therapist. Each family received a bag of "
            "books and ideas for activities at home.",
            "690 families attended in two years. When children were reviewed three months later, 72% had "
            "improved their communication score. Parents said they had gained confidence in reading and "
            "singing with their children, and many went on to attend regular rhymetimes.",
            "When the public health nursing contract was renewed, the council wrote library sessions into "
            "the "
            "specification, with funding of £35,000 a year.",
        ],
        lessons=(
            "Align early years work with health visiting priorities. Training from therapists gives staff "
            "confidence and credibility. Make sure outcomes are measured by the health partner as well as "
            "by the library."
        ),
    ),
]

# Paragraphs used to push a description over 750 words (generic but plausible)
FILLER = [
    "Governance was important from the outset. We set up a small project board with representatives from "
    "each partner, chaired by the Assistant Director, which met monthly to review progress, risks and "
    "spending. Board papers were short and focused on decisions rather than updates. This gave partners "
    "confidence that the project was being managed properly, and it meant that problems were raised and "
    "resolved quickly. The board also agreed a communications plan, so that all partners used the same key "
    "messages and figures when talking about the project to councillors, the media and residents.",
    "Staff development was another key element. All frontline staff attended a half-day briefing on the aims "
    "of the project and their role in it, and a smaller group received more detailed training from partners. "
    "We made sure that staff understood why we were collecting data and how it would be used, which improved "
    "the quality of recording considerably. Staff were also encouraged to share stories from their work, and "
    "some of the most powerful examples in our reports came directly from conversations at the counter.",
    "We evaluated the project throughout rather than waiting until the end. A simple monitoring framework, "
    "agreed with partners at the start, set out what we would count, how often and who would be responsible. "
    "Quarterly reports went to the project board and to the portfolio holder. We also commissioned a short "
    "independent evaluation from a local university, which interviewed participants, staff and partners. Its "
    "findings confirmed our own data and added weight to our conclusions when we presented them to senior "
    "managers and elected members during the annual budget process.",
    "Communications played a large part in the project’s success. We used the council’s social media "
    "channels, local radio and community newsletters to promote activities, and produced short videos "
    "featuring residents who had taken part. Councillors were sent regular updates with figures for their "
    "wards, and we invited them to events so that they could see the work for themselves. Press coverage in "
    "the local newspaper was consistently positive, and the council’s communications team began to approach "
    "us for stories, which was a significant change from previous years.",
    "There were challenges along the way. Some partners were initially sceptical about working with "
    "libraries, and it took time to build trust and agree shared objectives. Recruitment of volunteers was "
    "slower than we had hoped, and we had to adjust our plans when one of the branches closed temporarily "
    "for repairs. We learned to be flexible, to keep partners informed when things changed and to celebrate "
    "small successes along the way. The relationships we built are now among the most valuable outcomes of "
    "the project for the service.",
    "Looking ahead, we are building on this work in several ways. We are extending the approach to other "
    "parts of the service, sharing our model with neighbouring authorities through the regional libraries "
    "network, and exploring external funding to sustain the work. We have also agreed with partners that the "
    "data we collect will be included in the council’s performance framework, so that the contribution of "
    "libraries is visible to senior managers and councillors throughout the year rather than only when "
    "budgets are under pressure.",
    "Finance colleagues were involved from the beginning. We asked the service accountant to check our cost "
    "calculations and to agree the assumptions we used for staff time, building costs and overheads. This "
    "meant that when the figures were presented to the corporate leadership team nobody questioned them, and "
    "the finance director later used our method as an example for other services. Involving finance also "
    "helped us understand how savings are counted, which changed the way we framed some of our proposals "
    "and made them more attractive to decision makers.",
    "Residents were involved in shaping the work at every stage. We held listening sessions in each branch, "
    "ran an online survey and worked with the youth council and the older people’s forum to test our ideas. "
    "Their suggestions changed several parts of the project, from the timing of sessions to the wording of "
    "our publicity. Residents also spoke at the scrutiny committee, and their first-hand accounts were more "
    "persuasive than any of the statistics we presented, which reminded us that evidence comes in many "
    "forms.",
]

SUMMARY_EXTRA = (
    "It has also strengthened our relationships with partners across the council and beyond, "
    "and has given library staff new skills, confidence and pride in their work. Councillors from "
    "all parties now describe the service as essential to the future of the area."
)

LESSONS_EXTRA = (
    "Above all, be patient and persistent: it took us almost two years to move from a first "
    "conversation to a funded partnership, and there were many points at which it would have been "
    "easier to give up. Keep senior managers and portfolio holders informed at every stage, share "
    "credit generously with partners, and make sure that the evidence you collect is robust enough "
    "to stand up to scrutiny from finance officers and elected members alike."
)

LESSONS_EXTRA2 = ("Finally, do not underestimate the value of informal conversations: many of our best "
                  "opportunities came from chance meetings in corridors, at events and in the margins of "
                  "formal meetings with partners.")

SUBHEADINGS = ["The challenge", "Our approach", "Results", "What happened next"]

# ---------------------------------------------------------------------------------------------
# Labels
# ---------------------------------------------------------------------------------------------
KEYS = ["name", "job_title", "email", "organisation", "title", "summary", "description", "lessons"]

CANON = {
    "name": "Your name",
    "job_title": "Job title / position",
    "email": "Email address",
    "organisation": "Name of library service/local authority",
    "title": "Suggested title for case study",
    "summary": "Summary of case study (max 50 words)",
    "description": "Description of the project / initiative / approach (max 750 words)",
    "lessons": "Key lessons learned (max 100 words)",
}

# small edits of the official labels
EDITED = {
    "name": ["Your Name", "Your name(s)", "Your full name", "Name"],
    "job_title": ["Job title/position", "Job Title / Position", "Job title / role", "Job title"],
    "email": ["E-mail address", "Email Address", "Email", "E-mail"],
    "organisation": [
        "Name of library service / local authority",
        "Library service/local authority",
        "Name of Library Service / Local Authority",
        "Name of library service or local authority",
    ],
    "title": [
        "Suggested title for the case study",
        "Suggested case study title",
        "Suggested title",
        "Suggested Title for Case Study",
    ],
    "summary": [
        "Summary of case study (max. 50 words)",
        "Summary (max 50 words)",
        "Summary of case study (50 words max)",
        "Case study summary (max 50 words)",
        "Summary of case study",
    ],
    "description": [
        "Description of the project/initiative/approach (max 750 words)",
        "Description of project / initiative / approach (max. 750 words)",
        "Description of the project, initiative or approach (max 750 words)",
        "Description (max 750 words)",
        "Description of the project / initiative / approach",
    ],
    "lessons": [
        "Key lessons learnt (max 100 words)",
        "Key lessons learned (max. 100 words)",
        "Lessons learned (max 100 words)",
        "Key lessons learned",
    ],
}

# people's own words. Organisation labels carry which answer they expect (council or service).
OWN = {
    "name": ["Name", "Submitted by", "Contact name", "Your name please", "Full name", "Author"],
    "job_title": ["Your role", "Role", "Job role", "Post held", "Position held", "Job"],
    "email": ["Contact email", "Your email", "Email for contact", "Contact e-mail", "Email contact"],
    "organisation": ["Council", "Service name", "Organisation", "Authority", "Library service",
                     "Local authority", "Service / council"],
    "title": ["Case study title", "Title", "Proposed title", "Working title", "Title of case study"],
    "summary": ["Short summary", "Summary", "In brief", "Brief summary (50 words)", "Overview (50 words max)",
                "Summary in 50 words"],
    "description": ["About the project", "The project", "Project description", "Full description",
                    "Description", "The story", "Tell us about it (750 words max)"],
    "lessons": ["What we learned", "Lessons", "Lessons learnt", "Key learning", "Learning points",
                "What we would tell others", "Top tips for others"],
}
ORG_LABELS_WANT_COUNCIL = {"Council", "Authority", "Local authority"}

# Word-form guidance (docx with guidance text in the label cell)
GUIDANCE = {
    "name": "The person we should contact about this case study.",
    "job_title": "Your current post.",
    "email": "We will use this only to contact you about your case study.",
    "organisation": "For example, ‘Anytown Libraries’ or ‘Anytown Borough Council’.",
    "title": "A short, descriptive title. We may edit this.",
    "summary": "Please summarise the case study in no more than 50 words.",
    "description": ("Please describe the project, initiative or approach: what you did, who you worked with, "
                    "and what difference it made, including any measurable impact (max 750 words)."),
    "lessons": "What would you tell another head of service trying something similar? (max 100 words)",
}

GREETINGS = ["Hi,", "Dear colleagues,", "Dear Case Studies team,", "Hello Marian,", "Good afternoon,",
             "Hi there,", "Dear Marian", "Morning all,", "Dear Sir/Madam,", "Hello,"]
INTROS = [
    "Please see our submission below.",
    "I’m pleased to submit the following case study for the advocacy call.",
    "Here is our case study – happy to provide photos if that would help.",
    "Thank you for the opportunity to contribute. Our answers to the form are below.",
    "Apologies for the delay in getting this to you. Please find our case study below.",
    "Following your recent call for case studies, please find our submission below.",
    "I have pasted the form into this email as I couldn’t open the Word version.",
]
INTROS_ATTACH = [
    "Please find attached our completed case study form.",
    "Attached is our submission for the advocacy case studies call.",
    "I attach the completed form. Do let me know if you need anything else.",
    "Please see the attached form for our case study.",
    "Our case study form is attached – thanks for organising this.",
]
CLOSINGS = [
    "Let me know if you need anything else.",
    "Happy to discuss any of this further.",
    "We have photographs available if they would be useful.",
    "Please let me know if you have any questions.",
]
SIGNOFFS = ["Kind regards,", "Best wishes,", "Many thanks,", "Regards,", "With best wishes,", "Thanks,",
            "All the best,", "Warm regards,", "Yours sincerely,", "Cheers,"]
WELSH_SIGNOFFS = ["Cofion cynnes / Warm regards,", "Diolch / Thanks,", "Cofion gorau / Best wishes,"]
WELSH_DOMAINS = {"torfaen.gov.uk", "powys.gov.uk", "gwynedd.llyw.cymru", "awen-wales.com", "merthyr.gov.uk",
                 "monmouthshire.gov.uk", "ceredigion.gov.uk", "pembrokeshire.gov.uk"}

DISCLAIMERS = [
    "This email and any attachments are confidential and intended solely for the addressee. If you have "
    "received this email in error please notify the sender immediately and delete it. Any views or opinions "
    "expressed are solely those of the author and do not necessarily represent those of {C}.",
    "CONFIDENTIALITY NOTICE: The information contained in this e-mail is confidential and may be legally "
    "privileged. It is intended solely for the addressee. If you are not the intended recipient, any "
    "disclosure, copying or distribution is prohibited.",
    "{C} may monitor email traffic data and the content of email for the purposes of security and staff "
    "training. Please consider the environment before printing this email.",
    "We welcome correspondence in Welsh. Corresponding in Welsh will not lead to a delay. / Rydym yn "
    "croesawu "
    "gohebiaeth yn Gymraeg. Ni fydd gohebu yn Gymraeg yn arwain at oedi.",
]

CALL_BODY = [
    "Dear colleague,",
    "",
    "The Libraries Advocacy Network is collecting short case studies from heads of library services about "
    "how they make the case for their service – with councillors, with other departments and with partners.",
    "",
    "Please complete the form below (or the attached Word version) and send it to "
    "casestudies@librariesadvocacy.org.uk by Friday 28 March 2025.",
    "",
    "Your name:",
    "Job title / position:",
    "Email address:",
    "Name of library service/local authority:",
    "Suggested title for case study:",
    "Summary of case study (max 50 words):",
    "Description of the project / initiative / approach (max 750 words):",
    "Key lessons learned (max 100 words):",
    "",
    "With thanks,",
    "Marian Tully",
    "Programme Officer, Libraries Advocacy Network",
]
