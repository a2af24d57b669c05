/// Surveys that the guidance behind Consort asks for, ready to adapt.
public struct SurveyTemplate: Sendable {
    public let id: String
    public let title: String
    /// Who answers: every GP, or one response per practice.
    public let perPractice: Bool
    public let anonymous: Bool
    /// Where the questions come from.
    public let source: String
    public let text: String

    public static let all: [SurveyTemplate] = [lmcConsortium, federationCommitment]

    /// The LMC's survey of every local GP, "principals, salaried and locum GPs", on the consortium's
    /// boundaries and leadership (GPC, *Guidance for GPs on commissioning consortia*, 2010: LMCs
    /// can support shadow consortia "by surveying all GPs locally to ascertain their views …
    /// and by organising the appointment / election of their leadership"). The models and the
    /// four factors are the guidance's own.
    public static let lmcConsortium = SurveyTemplate(
        id: "lmc-consortium",
        title: "Our commissioning consortium: boundaries and leadership",
        perPractice: false, anonymous: true,
        source:
            "GPC guidance on GP commissioning consortia (2010): the four factors for size and boundaries, the "
            + "four models of organisation, and the LMC's survey of all local GPs",
        text: """
            single: Which model of consortium would you prefer for our area?
            - A small consortium (around 100,000 patients) with a direct link between practices and its management
            - A large consortium (around 500,000 patients) with locality commissioning groups
            - A federation of consortia with a lead consortium
            - Consortia sharing a service agency for commissioning support
            - No preference yet
            multiple: Which factors should decide our consortium's size and boundaries?
            - The natural health community of the area
            - How the consortium will relate to its practices
            - How it will relate to acute trusts and local authorities
            - How financial risk can be managed
            scale: How far should the consortium's boundary follow the local authority's?
            - Not at all
            - Exactly
            single: Which practices should our consortium include?
            - The practices of the proposed boundary as drawn
            - A smaller group around our locality
            - A larger group across neighbouring areas
            - Unsure
            single: How should the consortium's clinical leaders be chosen?
            - Elected by all GPs in the consortium (partners, salaried and sessional)
            - Elected by the member practices, one vote per practice
            - Appointed after open application and interview
            single: Would you consider standing for the consortium's board or a locality lead?
            - Yes
            - Perhaps, with more information
            - No
            single: Your role
            - GP partner
            - Salaried GP
            - Sessional or locum GP
            text: What else should the LMC know about your views on the consortium?
            """)

    /// A would-be federation's survey of its practices: "Engage early with all the practices and
    /// determine how committed they are to working together, where they are in their thinking,
    /// whether they have a shared vision of change and what plans are in place" (Primary Care
    /// Commissioning, federation guide, tip 1); the vision question is tip 3's.
    public static let federationCommitment = SurveyTemplate(
        id: "federation-commitment",
        title: "Working together as a federation: where is your practice?",
        perPractice: true, anonymous: false,
        source:
            "Primary Care Commissioning's top tips for forming a federation: tip 1 (commitment, thinking, shared "
            + "vision, plans) and tip 3 (what the federation is for)",
        text: """
            scale: How committed is your practice to working with the other practices as a federation?
            - Not committed
            - Fully committed
            single: Where is the practice in its thinking?
            - Not yet discussed by the partners
            - Discussed; no decision yet
            - Agreed in principle to join
            - Agreed and ready to commit resources
            single: What should the federation be for, first of all?
            - Supporting practices to be more efficient (shared back office, staff, purchasing)
            - Strategic: winning and delivering contracts to provide services
            - Both equally
            scale: How far do you share the vision of change set out for the federation?
            - Not at all
            - Completely
            multiple: Which plans does the practice already have in place?
            - Extended hours or shared access
            - Shared staff or a staff bank
            - Joint bids for services
            - Shared policies and inspection readiness
            - None yet
            text: What would the practice need from the federation to commit?
            """)
}
